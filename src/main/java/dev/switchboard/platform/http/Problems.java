package dev.switchboard.platform.http;

import dev.switchboard.platform.db.SqlErrors;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.FieldError;
import dev.switchboard.platform.error.StoreException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that answers failures: every error leaves as RFC 9457 {@code application/problem+json}
 * with the request's correlation id. Server-side failures are logged with their cause and answered
 * without detail.
 */
public final class Problems {

    public static final String CONTENT_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://switchboard.dev/problems/";
    private static final Logger log = LoggerFactory.getLogger(Problems.class);
    static final String OVERLOADED = "overloaded";
    static final String UNAVAILABLE = "unavailable";
    /** Seconds a client should wait before retrying while the database is unreachable: about a restart's length. */
    static final String UNAVAILABLE_RETRY_AFTER = "5";

    private static final Map<Integer, String> TITLES = Map.ofEntries(
            Map.entry(400, "Bad request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not found"), Map.entry(405, "Method not allowed"), Map.entry(409, "Conflict"),
            Map.entry(412, "Precondition failed"), Map.entry(413, "Payload too large"), Map.entry(414, "URI too long"),
            Map.entry(415, "Unsupported media type"), Map.entry(431, "Request header fields too large"),
            Map.entry(422, "Unprocessable content"), Map.entry(429, "Too many requests"),
            Map.entry(500, "Internal server error"), Map.entry(503, "Service unavailable"));

    private Problems() {
    }

    /** Failure handler for the whole router. */
    public static void handleFailure(RoutingContext ctx) {
        write(ctx, withRequestFields(ctx, toApiException(ctx.failure(), ctx.statusCode())));
    }

    /**
     * A write refused for invalid fields also names an {@code If-Match} it could not read, whichever check refused
     * it first (the input boundary, the endpoint's own rules), so one answer lists every invalid field.
     */
    static ApiException withRequestFields(RoutingContext ctx, ApiException problem) {
        if (problem.status() != 400 || problem.errors().isEmpty() || ctx.request().method() == HttpMethod.GET) {
            return problem;
        }
        FieldError ifMatch = ExpectedVersion.ifMatchError(ctx);
        if (ifMatch == null || problem.errors().stream().anyMatch(e -> e.field().equals(ifMatch.field()))) {
            return problem;
        }
        List<FieldError> errors = new ArrayList<>(problem.errors());
        errors.add(ifMatch);
        return new ApiException(problem.status(), problem.type(), problem.title(), problem.detail(), errors, problem.headers());
    }

    /** Answers a routing error (unmatched path, wrong method) that never reached a handler. */
    public static void handleStatus(RoutingContext ctx, int status) {
        String detail = status == 404 ? "no resource at " + ctx.request().path()
                : status == 405 ? ctx.request().method() + " is not allowed on " + ctx.request().path()
                : null;
        write(ctx, new ApiException(status, slug(status), title(status), detail));
    }

    /**
     * Answers a request the HTTP decoder refused before routing (a request line or headers too long, a malformed
     * head) as problem+json; the server closes the connection after it.
     */
    public static void handleInvalidRequest(io.vertx.core.http.HttpServerRequest request) {
        Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
        int status = cause instanceof io.netty.handler.codec.TooLongFrameException
                ? cause instanceof io.netty.handler.codec.http.TooLongHttpHeaderException ? 431 : 414
                : 400;
        String detail = switch (status) {
            case 414 -> "the request line is longer than the server accepts";
            case 431 -> "the request headers are larger than the server accepts";
            default -> "the request is not well-formed HTTP";
        };
        refuse(request, status, detail);
    }

    /**
     * Answers a request that cannot be routed at all, before any handler, as problem+json, and closes the connection
     * after it (its body, if any, is not read).
     */
    public static void refuse(io.vertx.core.http.HttpServerRequest request, int status, String detail) {
        JsonObject body = new JsonObject()
                .put("type", TYPE_BASE + slug(status))
                .put("title", title(status))
                .put("status", status)
                .put("detail", detail)
                .put("correlationId", dev.switchboard.platform.db.Ids.next().toString());
        request.response().setStatusCode(status)
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("Connection", "close")
                .end(body.toBuffer());
    }

    /**
     * The problem a failure answers as, for routes that write errors in another body format (SCIM): the same statuses
     * and the same hidden 5xx detail as every other route.
     */
    public static ApiException asProblem(Throwable failure, int statusCode) {
        return toApiException(failure, statusCode);
    }

    static ApiException toApiException(Throwable failure, int statusCode) {
        if (failure instanceof ApiException api) {
            return api;
        }
        if (failure instanceof StoreException store && store.kind() == StoreException.Kind.RETRYABLE) {
            return new ApiException(503, "retry", "Service unavailable", "the request conflicted with another; retry it",
                    java.util.List.of(), Map.of("Retry-After", "1"));
        }
        if (SqlErrors.unavailable(failure)) {
            return unavailable("the database is unavailable; retry shortly");
        }
        if (overloaded(failure)) {
            return new ApiException(503, OVERLOADED, "Service unavailable", "the server is at capacity; retry shortly",
                    java.util.List.of(), Map.of("Retry-After", "1"));
        }
        if (failure instanceof io.vertx.core.http.HttpClosedException) {
            // the client went away while its request was being read: nobody to answer, and no fault of the server's
            return new ApiException(400, slug(400), title(400), "the connection closed before the request was complete");
        }
        if (fromHttpDecoder(failure)) {
            return new ApiException(400, slug(400), title(400), "the request body is not well-formed HTTP (its chunked encoding)");
        }
        int status = failure instanceof HttpException http ? http.getStatusCode() : statusCode;
        if (status >= 400 && status < 500) {
            String detail = switch (status) {
                case 413 -> "the request body is larger than the server accepts";
                case 401 -> "authentication is required";
                case 400 -> "the request could not be read (a malformed query string, header or body)";
                default -> null;
            };
            return new ApiException(status, slug(status), title(status), detail);
        }
        return new ApiException(500, "internal", title(500), "an unexpected error occurred; quote the correlation id when reporting it");
    }

    /**
     * True when the HTTP decoder raised {@code failure} while reading the request's body (a chunk size that is not a
     * number, or overflows): the client's fault, reported to the body's reader as a plain exception.
     */
    static boolean fromHttpDecoder(Throwable failure) {
        StackTraceElement[] trace = failure == null ? new StackTraceElement[0] : failure.getStackTrace();
        for (int i = 0; i < Math.min(3, trace.length); i++) {
            if (trace[i].getClassName().equals("io.netty.handler.codec.http.HttpObjectDecoder")) {
                return true;
            }
        }
        return false;
    }

    /** 503 with {@code Retry-After}: the server cannot answer now, but a retry later may succeed. */
    public static ApiException unavailable(String detail) {
        return new ApiException(503, UNAVAILABLE, "Service unavailable", detail, java.util.List.of(),
                Map.of("Retry-After", UNAVAILABLE_RETRY_AFTER));
    }

    /**
     * True when the database pool could not hand out a connection: its wait queue is full, or the wait timed out.
     * Shedding such requests with 503 and {@code Retry-After} keeps the accepted ones fast; senders retry.
     */
    static boolean overloaded(Throwable failure) {
        return failure instanceof ConnectionPoolTooBusyException
                // the pool's connection timeout fails with Vert.x's stackless "Timeout" throwable
                || failure != null && failure.getClass().getSimpleName().equals("NoStackTraceThrowable") && "Timeout".equals(failure.getMessage());
    }

    public static void write(RoutingContext ctx, ApiException problem) {
        HttpServerResponse response = ctx.response();
        String requestId = Requests.requestId(ctx);
        // overload and a database outage are expected and counted by the request metrics; a stack trace per request would add to them
        if (problem.status() >= 500 && !OVERLOADED.equals(problem.type()) && !UNAVAILABLE.equals(problem.type())) {
            Throwable cause = ctx.failure();
            log.atError().addKeyValue("requestId", requestId).setCause(cause)
                    .log("request failed [method: {}, path: {}]", ctx.request().method(), ctx.request().path());
        }
        if (response.headWritten() && !response.ended()) {
            response.reset();
            return;
        }
        JsonObject body = new JsonObject()
                .put("type", TYPE_BASE + problem.type())
                .put("title", problem.title())
                .put("status", problem.status())
                .put("detail", problem.detail())
                .put("instance", ctx.request().path())
                .put("correlationId", requestId);
        if (!problem.errors().isEmpty()) {
            JsonArray errors = new JsonArray();
            for (FieldError e : problem.errors()) {
                errors.add(new JsonObject().put("field", e.field()).put("message", e.message()));
            }
            body.put("errors", errors);
        }
        io.vertx.core.buffer.Buffer buffer = body.toBuffer();
        if (response.ended()) {
            // answered already by the request timeout: this late failure is still the request's outcome to keep
            ResponseRecorder.notify(ctx, problem.status(), CONTENT_TYPE, buffer);
            return;
        }
        problem.headers().forEach(response::putHeader);
        ResponseRecorder.notify(ctx, problem.status(), CONTENT_TYPE, buffer).onComplete(v -> {
            if (!response.ended()) {
                response.setStatusCode(problem.status()).putHeader("Content-Type", CONTENT_TYPE).end(buffer);
            }
        });
    }

    private static String title(int status) {
        return TITLES.getOrDefault(status, status >= 500 ? "Server error" : "Client error");
    }

    private static String slug(int status) {
        return title(status).toLowerCase().replace(' ', '-');
    }
}
