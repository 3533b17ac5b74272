package dev.switchboard.platform.http;

import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.regex.Pattern;

/** Reading what a request carries: its id, caller address, JSON body and path ids. */
public final class Requests {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    static final String REQUEST_ID_KEY = "requestId";
    static final String PARSED_BODY_KEY = "parsedJsonBody";
    private static final Pattern VALID_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private Requests() {
    }

    /** Takes the caller's {@code X-Request-Id} when it is well formed, otherwise makes one. */
    static String assignRequestId(RoutingContext ctx) {
        String incoming = ctx.request().getHeader(REQUEST_ID_HEADER);
        String id = incoming != null && VALID_REQUEST_ID.matcher(incoming).matches() ? incoming : Ids.next().toString();
        ctx.put(REQUEST_ID_KEY, id);
        return id;
    }

    public static String requestId(RoutingContext ctx) {
        String id = ctx.get(REQUEST_ID_KEY);
        return id == null ? assignRequestId(ctx) : id;
    }

    /** Whether {@code request} asks to become a WebSocket ({@code Upgrade: websocket}). */
    public static boolean isWebSocketUpgrade(HttpServerRequest request) {
        return "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
    }

    public static String clientIp(RoutingContext ctx, boolean trustForwardedFor) {
        HttpServerRequest request = ctx.request();
        if (trustForwardedFor) {
            String forwarded = request.getHeader("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                int comma = forwarded.indexOf(',');
                return (comma < 0 ? forwarded : forwarded.substring(0, comma)).trim();
            }
        }
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    public static RequestMeta meta(RoutingContext ctx, boolean trustForwardedFor) {
        String agent = ctx.request().getHeader("User-Agent");
        return new RequestMeta(requestId(ctx), clientIp(ctx, trustForwardedFor),
                agent == null ? null : agent.substring(0, Math.min(agent.length(), 512)));
    }

    /**
     * The body as a JSON object; a missing, malformed or non-object body is a 400 with a field error. The body is
     * parsed once per request (usually by the {@link InputBoundary}, before any handler runs).
     */
    public static JsonObject jsonBody(RoutingContext ctx) {
        if (isEmpty(ctx)) {
            throw ApiException.invalid("body", "a JSON object is required");
        }
        JsonObject parsed = ctx.get(PARSED_BODY_KEY);
        if (parsed == null) {
            parsed = JsonInput.object(ctx.body().buffer());
            ctx.put(PARSED_BODY_KEY, parsed);
        }
        // each handler gets its own copy: a handler that edits its body does not change what the next one reads
        return parsed.copy();
    }

    /** The body as JSON when one was sent, else an empty object. */
    public static JsonObject optionalJsonBody(RoutingContext ctx) {
        return isEmpty(ctx) ? new JsonObject() : jsonBody(ctx);
    }

    private static boolean isEmpty(RoutingContext ctx) {
        return ctx.body() == null || ctx.body().buffer() == null || ctx.body().buffer().length() == 0;
    }

    /** A query flag: {@code true} or {@code false}, false when absent; any other value is a 400 naming it. */
    public static boolean queryFlag(RoutingContext ctx, String name) {
        String value = ctx.queryParams().get(name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (!value.equals("true")) {
            throw ApiException.invalid(name, "must be true or false");
        }
        return true;
    }

    /** A UUID path parameter; anything else answers 404 as an unknown id would. */
    public static UUID pathId(RoutingContext ctx, String name, String what) {
        UUID id = Ids.parse(ctx.pathParam(name));
        if (id == null) {
            throw ApiException.notFound(what);
        }
        return id;
    }

    /** True when {@code path} has a {@code %} that two hexadecimal digits do not follow. */
    public static boolean hasMalformedEscape(String path) {
        for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
            if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0 || Character.digit(path.charAt(i + 2), 16) < 0) {
                return true;
            }
        }
        return false;
    }
}
