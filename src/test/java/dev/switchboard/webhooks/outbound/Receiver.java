package dev.switchboard.webhooks.outbound;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A local webhook receiver: per path, a script of answers (a status code, or 0 to never answer); 204 once the script runs out. */
final class Receiver implements AutoCloseable {

    /** One request as received, with the test clock's time. */
    record Received(String path, MultiMap headers, String body, Instant at) {
        String header(String name) {
            return headers.get(name);
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Integer> always = new ConcurrentHashMap<>();
    final List<Received> received = new CopyOnWriteArrayList<>();

    Receiver(Clock clock) throws Exception {
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            received.add(new Received(request.path(), MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), body.toString(),
                    clock.instant()));
            Deque<Integer> script = scripts.get(request.path());
            Integer next = script == null ? null : script.poll();
            int status = next != null ? next : always.getOrDefault(request.path(), 204);
            if (status != 0) {
                request.response().setStatusCode(status).end();
            }
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    void script(String path, Integer... answers) {
        scripts.put(path, new ArrayDeque<>(List.of(answers)));
    }

    void always(String path, int status) {
        always.put(path, status);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
