package dev.switchboard.ai;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A local stand-in for the model providers, speaking both wire formats on one loopback port: the Anthropic Messages API
 * at {@code /v1/messages} and the OpenAI Chat Completions API at {@code /v1/chat/completions}, whole or streamed as
 * server-sent events in each protocol's own event shapes. It checks each protocol's authentication header, records every
 * call, and answers what the test scripts: queued replies first, then the responder.
 */
final class StubModel implements AutoCloseable {

    /** One request as the provider received it. */
    record Call(String provider, JsonObject body, MultiMap headers) {

        String system() {
            if ("anthropic".equals(provider)) {
                return body.getString("system");
            }
            return body.getJsonArray("messages").getJsonObject(0).getString("content");
        }

        String user() {
            JsonArray messages = body.getJsonArray("messages");
            return messages.getJsonObject(messages.size() - 1).getString("content");
        }

        boolean streamed() {
            return body.getBoolean("stream", false);
        }

        String key() {
            return "anthropic".equals(provider) ? headers.get("x-api-key")
                    : headers.get("Authorization") == null ? null : headers.get("Authorization").substring("Bearer ".length());
        }
    }

    /** What to answer: a model text with its token counts, or an HTTP error with headers. */
    record Reply(int status, Map<String, String> headers, String text, int inputTokens, int outputTokens, long delayMillis) {

        static Reply text(String text) {
            return new Reply(200, Map.of(), text, 120, 40, 0);
        }

        static Reply json(JsonObject answer) {
            return text(answer.encode());
        }

        static Reply error(int status, Map<String, String> headers) {
            return new Reply(status, headers, null, 0, 0, 0);
        }

        Reply tokens(int in, int out) {
            return new Reply(status, headers, text, in, out, delayMillis);
        }

        Reply delayed(long millis) {
            return new Reply(status, headers, text, inputTokens, outputTokens, millis);
        }
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Deque<Reply> queued = new ArrayDeque<>();
    private volatile Function<Call, Reply> responder = call -> Reply.error(500, Map.of());

    StubModel() {
        server = vertx.createHttpServer().requestHandler(this::handle);
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String anthropicBaseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    String openaiBaseUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/v1";
    }

    /** From now on, answers every call with {@code responder} (after any queued replies); forgets earlier calls. */
    StubModel answering(Function<Call, Reply> responder) {
        this.responder = responder;
        calls.clear();
        synchronized (queued) {
            queued.clear();
        }
        return this;
    }

    /** The next calls get these replies, in order, before the responder. */
    StubModel then(Reply... replies) {
        synchronized (queued) {
            queued.addAll(List.of(replies));
        }
        return this;
    }

    private void handle(HttpServerRequest request) {
        String provider = request.path().equals("/v1/messages") ? "anthropic"
                : request.path().equals("/v1/chat/completions") ? "openai" : null;
        request.body().onSuccess(buffer -> {
            HttpServerResponse response = request.response();
            if (provider == null || !"POST".equals(request.method().name())) {
                response.setStatusCode(404).end();
                return;
            }
            Call call = new Call(provider, buffer.toJsonObject(), MultiMap.caseInsensitiveMultiMap().addAll(request.headers()));
            calls.add(call);
            if (call.key() == null || call.key().isEmpty() || ("anthropic".equals(provider) && request.getHeader("anthropic-version") == null)) {
                response.setStatusCode(401).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("error", new JsonObject().put("message", "missing key")).encode());
                return;
            }
            Reply reply;
            synchronized (queued) {
                reply = queued.isEmpty() ? null : queued.poll();
            }
            Reply chosen = reply != null ? reply : responder.apply(call);
            vertx.setTimer(Math.max(1, chosen.delayMillis()), t -> answer(call, chosen, response));
        });
    }

    private void answer(Call call, Reply reply, HttpServerResponse response) {
        reply.headers().forEach(response::putHeader);
        if (reply.status() != 200) {
            response.setStatusCode(reply.status()).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("type", "error").put("error", new JsonObject().put("type", "stub").put("message", "scripted")).encode());
            return;
        }
        if (!call.streamed()) {
            response.putHeader("Content-Type", "application/json").end(("anthropic".equals(call.provider())
                    ? anthropic(call, reply) : openai(call, reply)).encode());
            return;
        }
        response.setChunked(true).putHeader("Content-Type", "text/event-stream");
        List<String> events = "anthropic".equals(call.provider()) ? anthropicEvents(call, reply) : openaiEvents(call, reply);
        writeSlowly(response, events, 0);
    }

    private void writeSlowly(HttpServerResponse response, List<String> events, int next) {
        if (next == events.size()) {
            response.end();
            return;
        }
        response.write(events.get(next));
        vertx.setTimer(5, t -> writeSlowly(response, events, next + 1));
    }

    private static JsonObject anthropic(Call call, Reply reply) {
        return new JsonObject().put("id", "msg_stub").put("type", "message").put("role", "assistant").put("model", call.body().getString("model"))
                .put("content", new JsonArray().add(new JsonObject().put("type", "text").put("text", reply.text())))
                .put("stop_reason", "end_turn")
                .put("usage", new JsonObject().put("input_tokens", reply.inputTokens()).put("output_tokens", reply.outputTokens()));
    }

    private static JsonObject openai(Call call, Reply reply) {
        return new JsonObject().put("id", "chatcmpl-stub").put("object", "chat.completion").put("model", call.body().getString("model"))
                .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("finish_reason", "stop")
                        .put("message", new JsonObject().put("role", "assistant").put("content", reply.text()))))
                .put("usage", new JsonObject().put("prompt_tokens", reply.inputTokens()).put("completion_tokens", reply.outputTokens())
                        .put("total_tokens", reply.inputTokens() + reply.outputTokens()));
    }

    private static List<String> anthropicEvents(Call call, Reply reply) {
        List<String> out = new ArrayList<>();
        out.add(sse("message_start", new JsonObject().put("type", "message_start").put("message", new JsonObject().put("id", "msg_stub")
                .put("type", "message").put("role", "assistant").put("content", new JsonArray()).put("model", call.body().getString("model"))
                .put("usage", new JsonObject().put("input_tokens", reply.inputTokens()).put("output_tokens", 1)))));
        out.add(sse("content_block_start", new JsonObject().put("type", "content_block_start").put("index", 0)
                .put("content_block", new JsonObject().put("type", "text").put("text", ""))));
        out.add(sse("ping", new JsonObject().put("type", "ping")));
        for (String piece : pieces(reply.text())) {
            out.add(sse("content_block_delta", new JsonObject().put("type", "content_block_delta").put("index", 0)
                    .put("delta", new JsonObject().put("type", "text_delta").put("text", piece))));
        }
        out.add(sse("content_block_stop", new JsonObject().put("type", "content_block_stop").put("index", 0)));
        out.add(sse("message_delta", new JsonObject().put("type", "message_delta").put("delta", new JsonObject().put("stop_reason", "end_turn"))
                .put("usage", new JsonObject().put("output_tokens", reply.outputTokens()))));
        out.add(sse("message_stop", new JsonObject().put("type", "message_stop")));
        return out;
    }

    private static List<String> openaiEvents(Call call, Reply reply) {
        List<String> out = new ArrayList<>();
        JsonObject head = new JsonObject().put("id", "chatcmpl-stub").put("object", "chat.completion.chunk").put("model", call.body().getString("model"));
        out.add(sse(null, head.copy().put("choices", new JsonArray().add(new JsonObject().put("index", 0)
                .put("delta", new JsonObject().put("role", "assistant").put("content", ""))))));
        for (String piece : pieces(reply.text())) {
            out.add(sse(null, head.copy().put("choices", new JsonArray().add(new JsonObject().put("index", 0)
                    .put("delta", new JsonObject().put("content", piece))))));
        }
        out.add(sse(null, head.copy().put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("delta", new JsonObject())
                .put("finish_reason", "stop")))));
        if (call.body().getJsonObject("stream_options", new JsonObject()).getBoolean("include_usage", false)) {
            out.add(sse(null, head.copy().put("choices", new JsonArray()).put("usage", new JsonObject()
                    .put("prompt_tokens", reply.inputTokens()).put("completion_tokens", reply.outputTokens()))));
        }
        out.add("data: [DONE]\n\n");
        return out;
    }

    private static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < text.length(); i += 7) {
            out.add(text.substring(i, Math.min(text.length(), i + 7)));
        }
        return out;
    }

    private static String sse(String event, JsonObject data) {
        return (event == null ? "" : "event: " + event + "\n") + "data: " + data.encode() + "\n\n";
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
