package dev.switchboard.platform.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writing successful JSON answers. */
public final class Responses {

    private static final String JSON = "application/json";

    private Responses() {
    }

    public static void ok(RoutingContext ctx, JsonObject body) {
        send(ctx, 200, body);
    }

    public static void created(RoutingContext ctx, JsonObject body) {
        send(ctx, 201, body);
    }

    public static void noContent(RoutingContext ctx) {
        ResponseRecorder.notify(ctx, 204, null, null);
        ctx.response().setStatusCode(204).end();
    }

    /** A page of a list: {@code {"items": [...], "nextCursor": ...}}. */
    public static void page(RoutingContext ctx, JsonArray items, String nextCursor) {
        send(ctx, 200, new JsonObject().put("items", items).put("nextCursor", nextCursor));
    }

    /** A single record, with its version as the {@code ETag} for {@code If-Match}. */
    public static void okVersioned(RoutingContext ctx, JsonObject body, int version) {
        ctx.response().putHeader("ETag", "\"" + version + "\"");
        send(ctx, 200, body);
    }

    private static void send(RoutingContext ctx, int status, JsonObject body) {
        Buffer buffer = body.toBuffer();
        ResponseRecorder.notify(ctx, status, JSON, buffer);
        ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(buffer);
    }
}
