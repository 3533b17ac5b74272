package dev.switchboard.webhooks.inbound;

import dev.switchboard.platform.error.ApiException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The raw request body as the BodyHandler buffered it (never re-serialised), and its JSON once verified. */
final class WebhookBodies {

    private WebhookBodies() {
    }

    static byte[] raw(RoutingContext ctx) {
        Buffer buffer = ctx.body().buffer();
        return buffer == null ? new byte[0] : buffer.getBytes();
    }

    /** The verified body as a JSON object; 400 when it is not one (the input is never echoed). */
    static JsonObject jsonObject(byte[] raw) {
        try {
            Object value = Json.decodeValue(Buffer.buffer(raw));
            if (value instanceof JsonObject object) {
                return object;
            }
        } catch (DecodeException e) {
            // fall through
        }
        throw ApiException.badRequest("the webhook body is not a JSON object");
    }
}
