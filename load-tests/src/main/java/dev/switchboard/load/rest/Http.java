package dev.switchboard.load.rest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.Map;

/** The benchmarks' HTTP client: keep-alive connections to one server, and requests whose non-2xx answers fail. */
public final class Http {

    private Http() {
    }

    /** A client for {@code baseUrl} holding at most {@code connections} keep-alive connections. */
    public static HttpClientAgent client(Vertx vertx, String baseUrl, int connections) {
        URI base = URI.create(baseUrl);
        return vertx.createHttpClient(new HttpClientOptions()
                        .setDefaultHost(base.getHost())
                        .setDefaultPort(base.getPort())
                        .setKeepAlive(true)
                        .setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(connections));
    }

    /** Sends a JSON request (bearer {@code token} when not null); the body of a 2xx answer, or a {@link StatusException}. */
    public static Future<Buffer> send(HttpClientAgent client, HttpMethod method, String path, String token, Buffer body) {
        return send(client, method, path, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token), body);
    }

    /** Sends a request with {@code headers} (and Content-Type: application/json when there is a body). */
    public static Future<Buffer> send(HttpClientAgent client, HttpMethod method, String path, Map<String, String> headers, Buffer body) {
        RequestOptions request = new RequestOptions().setMethod(method).setURI(path);
        headers.forEach(request::putHeader);
        if (body != null) {
            request.putHeader("Content-Type", "application/json");
        }
        return client.request(request)
                .compose(req -> body == null ? req.send() : req.send(body))
                .compose(resp -> resp.body().compose(b -> resp.statusCode() / 100 == 2 ? Future.succeededFuture(b)
                        : Future.failedFuture(new StatusException(resp.statusCode(), b.toString()))));
    }

    /** The HTTP status of a failed request, or -1 for a connection failure. */
    public static int status(Throwable failure) {
        return failure instanceof StatusException s ? s.status : -1;
    }

    /** A non-2xx answer. */
    public static final class StatusException extends RuntimeException {
        final int status;

        StatusException(int status, String body) {
            super("HTTP " + status + ": " + body, null, false, false);
            this.status = status;
        }
    }
}
