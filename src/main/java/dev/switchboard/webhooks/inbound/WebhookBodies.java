package dev.switchboard.webhooks.inbound;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.JsonInput;
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

    /**
     * The verified body as a JSON object; 400 when it is not one, or when a string in it holds what PostgreSQL cannot
     * store (a NUL character, half of a surrogate pair): such a delivery could be stored but never processed (the input
     * is never echoed).
     */
    static JsonObject jsonObject(byte[] raw) {
        Object value;
        try {
            value = Json.decodeValue(Buffer.buffer(raw));
        } catch (DecodeException e) {
            value = null;
        }
        if (!(value instanceof JsonObject object)) {
            throw ApiException.badRequest("the webhook body is not a JSON object");
        }
        if (!JsonInput.storable(object)) {
            throw ApiException.badRequest("the webhook body holds a NUL character or half of a surrogate pair, which cannot be stored");
        }
        return object;
    }
}
