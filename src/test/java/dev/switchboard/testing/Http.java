package dev.switchboard.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A real HTTP client over loopback, with blocking calls so tests read top to bottom. */
public final class Http implements AutoCloseable {

    /** Enough connections for the parallel requests of concurrency tests to be in flight together. */
    private static final int MAX_CONNECTIONS = 64;

    private final Vertx vertx = Vertx.vertx();
    private final WebClient client;
    private OpenApiContract contract;

    public Http(int port) {
        this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port),
                new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS));
    }

    /** From now on, every documented response must match {@code contract}. */
    public void validateAgainst(OpenApiContract contract) {
        this.contract = contract;
    }

    public Response get(String path, String token) {
        return send(HttpMethod.GET, path, token, null, Map.of());
    }

    public Response post(String path, JsonObject body, String token) {
        return send(HttpMethod.POST, path, token, body == null ? null : body.toBuffer(), Map.of());
    }

    public Response put(String path, JsonObject body, String token) {
        return send(HttpMethod.PUT, path, token, body == null ? null : body.toBuffer(), Map.of());
    }

    public Response patch(String path, JsonObject body, String token) {
        return send(HttpMethod.PATCH, path, token, body == null ? null : body.toBuffer(), Map.of());
    }

    public Response delete(String path, String token) {
        return send(HttpMethod.DELETE, path, token, null, Map.of());
    }

    public Response send(HttpMethod method, String path, String token, Buffer body, Map<String, String> headers) {
        try {
            return validated(method, path, sendAsync(method, path, token, body, headers).get(30, TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    /**
     * Sends without waiting, so a test can have many requests in flight at once; check each answer with
     * {@link #validated} once it arrived.
     */
    public CompletableFuture<Response> sendAsync(HttpMethod method, String path, String token, Buffer body, Map<String, String> headers) {
        HttpRequest<Buffer> request = client.request(method, path);
        if (token != null) {
            request.putHeader("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.putHeader("Content-Type", "application/json");
        }
        headers.forEach(request::putHeader);
        return (body == null ? request.send() : request.sendBuffer(body)).toCompletionStage().toCompletableFuture()
                .thenApply(response -> new Response(response.statusCode(), response.headers(),
                        response.body() == null ? Buffer.buffer() : response.body()));
    }

    /** Checks {@code received} against the contract (when one is set and documents the route) and returns it. */
    public Response validated(HttpMethod method, String path, Response received) {
        if (contract != null && contract.operation(method, path) != null) {
            contract.assertValid(method, path, received);
        }
        return received;
    }

    @Override
    public void close() {
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** A received response. */
    public record Response(int status, MultiMap headers, Buffer body) {

        public JsonObject json() {
            return body.length() == 0 ? new JsonObject() : new JsonObject(body);
        }

        public JsonArray items() {
            return json().getJsonArray("items");
        }

        public String header(String name) {
            return headers.get(name);
        }

        public String contentType() {
            return headers.get("Content-Type");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
