package dev.switchboard.ai;

import dev.switchboard.ai.ProviderException.Kind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An OpenAI-compatible Chat Completions API ({@code POST {base}/chat/completions}: OpenAI, and local servers such as
 * Ollama or vLLM): the first choice's message and {@code usage}; streamed, each chunk's {@code delta.content} and the
 * usage chunk {@code stream_options.include_usage} asks for.
 */
public final class OpenAiClient extends ChatApi {

    public static final String NAME = "openai";

    OpenAiClient(ProviderHttp http, String baseUrl) {
        super(NAME, http, baseUrl, "/chat/completions");
    }

    @Override
    public Future<Answer> complete(Prompt prompt) {
        return http.post(NAME, url, headers(prompt), body(prompt, false)).map(json -> {
            JsonArray choices = json.getJsonArray("choices");
            JsonObject message = choices == null || choices.isEmpty() || !(choices.getValue(0) instanceof JsonObject first)
                    ? null : first.getJsonObject("message");
            if (message == null) {
                throw new ProviderException(Kind.MALFORMED, "openai answered without a choice");
            }
            JsonObject usage = json.getJsonObject("usage", new JsonObject());
            return new Answer(message.getString("content", ""), usage.getInteger("prompt_tokens", 0),
                    usage.getInteger("completion_tokens", 0));
        });
    }

    @Override
    public Future<Answer> stream(Prompt prompt, Consumer<String> onText) {
        StringBuilder text = new StringBuilder();
        int[] tokens = {0, 0};
        return http.stream(NAME, url, headers(prompt), body(prompt, true), (event, data) -> {
            if ("[DONE]".equals(data.trim())) {
                return;
            }
            JsonObject chunk = Providers.json(data);
            JsonArray choices = chunk.getJsonArray("choices", new JsonArray());
            if (!choices.isEmpty() && choices.getValue(0) instanceof JsonObject choice) {
                String piece = choice.getJsonObject("delta", new JsonObject()).getString("content");
                if (piece != null) {
                    text.append(piece);
                    onText.accept(piece);
                }
            }
            if (chunk.getValue("usage") instanceof JsonObject usage) {
                tokens[0] = usage.getInteger("prompt_tokens", tokens[0]);
                tokens[1] = usage.getInteger("completion_tokens", tokens[1]);
            }
        }).map(v -> new Answer(text.toString(), tokens[0], tokens[1]));
    }

    private static Map<String, String> headers(Prompt prompt) {
        return Map.of("Authorization", "Bearer " + prompt.apiKey(), "Content-Type", "application/json");
    }

    private static JsonObject body(Prompt prompt, boolean stream) {
        JsonObject body = new JsonObject().put("model", prompt.model()).put("max_tokens", prompt.maxTokens())
                .put("messages", new JsonArray()
                        .add(new JsonObject().put("role", "system").put("content", prompt.system()))
                        .add(new JsonObject().put("role", "user").put("content", prompt.user())));
        return stream ? body.put("stream", true).put("stream_options", new JsonObject().put("include_usage", true)) : body;
    }
}
