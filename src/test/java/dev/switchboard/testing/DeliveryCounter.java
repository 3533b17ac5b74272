package dev.switchboard.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local endpoint for outbound webhooks that answers 204 at once and counts the requests it received per
 * {@code webhook-id} (the event id of a Standard Webhooks message), so a test can tell a lost delivery from a
 * duplicate one.
 */
public final class DeliveryCounter implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    public DeliveryCounter() {
        try {
            server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
                String id = request.getHeader("webhook-id");
                received.computeIfAbsent(id == null ? "(none)" : id, k -> new AtomicInteger()).incrementAndGet();
                total.incrementAndGet();
                request.response().setStatusCode(204).end();
            })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("receiver did not start", e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    /** How many requests carried {@code webhookId}. */
    public int count(String webhookId) {
        AtomicInteger n = received.get(webhookId);
        return n == null ? 0 : n.get();
    }

    public int total() {
        return total.get();
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
