package dev.switchboard.platform.http;

import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.FieldError;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** Reading what a request carries: its id, caller address, JSON body and path ids. */
public final class Requests {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    static final String REQUEST_ID_KEY = "requestId";
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

    /** The body as a JSON object; a missing, malformed or non-object body is a 400 with a field error. */
    public static JsonObject jsonBody(RoutingContext ctx) {
        if (isEmpty(ctx)) {
            throw ApiException.invalid("body", "a JSON object is required");
        }
        io.vertx.core.buffer.Buffer buffer = ctx.body().buffer();
        if (firstNonBlank(buffer) != '{') {
            throw ApiException.invalid("body", "must be a JSON object");
        }
        JsonObject object;
        try {
            object = new JsonObject(buffer);
        } catch (DecodeException e) {
            throw new ApiException(400, "malformed-json", "Malformed JSON", "the request body is not valid JSON",
                    List.of(new FieldError("body", "not valid JSON: " + firstLine(e.getMessage()))), java.util.Map.of());
        }
        return object;
    }

    /** The body as JSON when one was sent, else an empty object. */
    public static JsonObject optionalJsonBody(RoutingContext ctx) {
        return isEmpty(ctx) ? new JsonObject() : jsonBody(ctx);
    }

    private static boolean isEmpty(RoutingContext ctx) {
        return ctx.body() == null || ctx.body().buffer() == null || ctx.body().buffer().length() == 0;
    }

    /** A UUID path parameter; anything else answers 404 as an unknown id would. */
    public static UUID pathId(RoutingContext ctx, String name, String what) {
        UUID id = Ids.parse(ctx.pathParam(name));
        if (id == null) {
            throw ApiException.notFound(what);
        }
        return id;
    }

    private static char firstNonBlank(io.vertx.core.buffer.Buffer buffer) {
        for (int i = 0; i < buffer.length(); i++) {
            char c = (char) buffer.getByte(i);
            if (!Character.isWhitespace(c)) {
                return c;
            }
        }
        return 0;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
