package dev.switchboard.email;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A local HTTP server speaking Resend's {@code POST /emails}; answers 200 unless told otherwise for a recipient. */
public final class FakeResend implements AutoCloseable {

    /** One request as received. */
    public record Received(String authorization, String idempotencyKey, JsonObject body, String answeredId) {
        public String to() {
            return body.getJsonArray("to").getString(0);
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    public final List<Received> received = new CopyOnWriteArrayList<>();
    /** Answers for a recipient other than 200, such as 500. */
    public final Map<String, Integer> statusFor = new ConcurrentHashMap<>();

    public FakeResend() throws Exception {
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(buffer -> {
            if (!request.path().equals("/emails")) {
                request.response().setStatusCode(404).end();
                return;
            }
            JsonObject body = buffer.toJsonObject();
            int status = statusFor.getOrDefault(body.getJsonArray("to").getString(0), 200);
            String id = status == 200 ? "re_" + UUID.randomUUID() : null;
            received.add(new Received(request.getHeader("Authorization"), request.getHeader("Idempotency-Key"), body, id));
            JsonObject answer = status == 200 ? new JsonObject().put("id", id)
                    : new JsonObject().put("statusCode", status).put("message", "provider trouble").put("name", "internal_server_error");
            request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(answer.encode());
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public List<Received> to(String address) {
        return received.stream().filter(r -> r.to().equals(address)).toList();
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
