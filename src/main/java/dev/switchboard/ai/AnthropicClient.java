package dev.switchboard.ai;

import dev.switchboard.ai.ProviderException.Kind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Anthropic Messages API ({@code POST {base}/v1/messages}): the text blocks of the answer and its {@code usage};
 * streamed, the {@code content_block_delta} texts, {@code message_start}'s input tokens and {@code message_delta}'s
 * output tokens.
 */
public final class AnthropicClient extends ChatApi {

    public static final String NAME = "anthropic";
    static final String VERSION = "2023-06-01";

    AnthropicClient(ProviderHttp http, String baseUrl) {
        super(NAME, http, baseUrl, "/v1/messages");
    }

    @Override
    public Future<Answer> complete(Prompt prompt) {
        return http.post(NAME, url, headers(prompt), body(prompt, false)).map(json -> {
            JsonArray content = json.getJsonArray("content");
            JsonObject usage = json.getJsonObject("usage");
            if (content == null || usage == null) {
                throw new ProviderException(Kind.MALFORMED, "anthropic answered without content or usage");
            }
            StringBuilder text = new StringBuilder();
            content.stream().filter(JsonObject.class::isInstance).map(JsonObject.class::cast)
                    .filter(block -> "text".equals(block.getString("type"))).forEach(block -> text.append(block.getString("text", "")));
            return new Answer(text.toString(), usage.getInteger("input_tokens", 0), usage.getInteger("output_tokens", 0));
        });
    }

    @Override
    public Future<Answer> stream(Prompt prompt, Consumer<String> onText) {
        StringBuilder text = new StringBuilder();
        int[] tokens = {0, 0};
        String[] error = {null};
        return http.stream(NAME, url, headers(prompt), body(prompt, true), (event, data) -> {
            JsonObject json = Providers.json(data);
            switch (json.getString("type", "")) {
                case "message_start" -> {
                    JsonObject usage = json.getJsonObject("message", new JsonObject()).getJsonObject("usage", new JsonObject());
                    tokens[0] = usage.getInteger("input_tokens", 0);
                    tokens[1] = usage.getInteger("output_tokens", 0);
                }
                case "content_block_delta" -> {
                    String piece = json.getJsonObject("delta", new JsonObject()).getString("text");
                    if (piece != null) {
                        text.append(piece);
                        onText.accept(piece);
                    }
                }
                case "message_delta" -> tokens[1] = json.getJsonObject("usage", new JsonObject()).getInteger("output_tokens", tokens[1]);
                case "error" -> error[0] = json.getJsonObject("error", new JsonObject()).getString("message", "error");
                default -> {
                }
            }
        }).map(v -> {
            if (error[0] != null) {
                throw new ProviderException(Kind.UNAVAILABLE, "anthropic stopped its answer: " + error[0]);
            }
            return new Answer(text.toString(), tokens[0], tokens[1]);
        });
    }

    private static Map<String, String> headers(Prompt prompt) {
        return Map.of("x-api-key", prompt.apiKey(), "anthropic-version", VERSION, "Content-Type", "application/json");
    }

    private static JsonObject body(Prompt prompt, boolean stream) {
        JsonObject body = new JsonObject().put("model", prompt.model()).put("max_tokens", prompt.maxTokens()).put("system", prompt.system())
                .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", prompt.user())));
        return stream ? body.put("stream", true) : body;
    }
}
