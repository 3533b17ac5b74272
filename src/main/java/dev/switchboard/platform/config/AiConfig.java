package dev.switchboard.platform.config;

import java.time.Duration;

/**
 * The AI providers the server calls for organizations that bring their own key ({@code SWITCHBOARD_AI_*}).
 *
 * @param anthropicBaseUrl where the Anthropic Messages API answers ({@code /v1/messages} below it)
 * @param openaiBaseUrl    where an OpenAI-compatible Chat Completions API answers ({@code /chat/completions} below it)
 * @param timeout          how long one attempt may go without the provider sending anything
 * @param maxAttempts      attempts per call, counting the first, when the provider answers 429 or 5xx or cannot be reached
 * @param retryBase        the first backoff; each later one doubles, with jitter
 * @param maxRetryAfter    the longest {@code retry-after} the server waits out; a longer one fails the call at once
 */
public record AiConfig(String anthropicBaseUrl, String openaiBaseUrl, Duration timeout, int maxAttempts, Duration retryBase,
                       Duration maxRetryAfter) {

    static AiConfig load(Settings s) {
        return new AiConfig(
                s.string("ai.anthropicBaseUrl", "https://api.anthropic.com"),
                s.string("ai.openaiBaseUrl", "https://api.openai.com/v1"),
                s.duration("ai.timeout", Duration.ofSeconds(25)),
                s.integer("ai.maxAttempts", 3, 1, 10),
                s.duration("ai.retryBase", Duration.ofMillis(500)),
                s.duration("ai.maxRetryAfter", Duration.ofSeconds(20)));
    }
}
