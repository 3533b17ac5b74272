package dev.switchboard.realtime;

import dev.switchboard.platform.bus.EventEnvelope;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** JSON frames both ways: decodes what clients send and builds what the server sends. */
public final class FrameCodec {

    /** Error codes of {@code error} frames. */
    public static final String BAD_FRAME = "bad_frame";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String FORBIDDEN = "forbidden";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String TOO_MANY_CONNECTIONS = "too_many_connections";
    public static final String TOO_MANY_SUBSCRIPTIONS = "too_many_subscriptions";
    public static final String RESYNC_REQUIRED = "resync_required";

    private FrameCodec() {
    }

    /** One frame a client sent: its {@code type} and the whole object. */
    public record ClientFrame(String type, JsonObject body) {
    }

    /** The frame, or null when the text is not a JSON object with a string {@code type}. */
    public static ClientFrame decode(String text) {
        try {
            Object parsed = new JsonObject(text);
            JsonObject json = (JsonObject) parsed;
            return json.getValue("type") instanceof String type ? new ClientFrame(type, json) : null;
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
    }

    /** The first frame after authentication; {@code resumeFrom} is the tenant's newest event seq at that moment. */
    public static JsonObject welcome(UUID connectionId, UUID userId, long resumeFrom, Instant expiresAt) {
        return new JsonObject().put("type", "welcome").put("connectionId", connectionId.toString())
                .put("userId", userId.toString()).put("resumeFrom", resumeFrom).put("expiresAt", expiresAt.toString());
    }

    /** The answer to a successful re-authentication: the same connection, a later expiry. */
    public static JsonObject renewed(UUID connectionId, UUID userId, Instant expiresAt) {
        return new JsonObject().put("type", "welcome").put("connectionId", connectionId.toString())
                .put("userId", userId.toString()).put("renewed", true).put("expiresAt", expiresAt.toString());
    }

    /** Confirms a {@code subscribe} or {@code unsubscribe}: {@code subscribed}/{@code unsubscribed} with the channel. */
    public static JsonObject subscription(String type, String channel) {
        return new JsonObject().put("type", type).put("channel", channel);
    }

    /** An event frame; the event's own type travels as {@code eventType} since {@code type} names the frame. */
    public static JsonObject event(EventEnvelope e, String channel) {
        return new JsonObject().put("type", "event").put("id", e.id().toString()).put("seq", e.seq())
                .put("channel", channel).put("eventType", e.type()).put("data", e.data())
                .put("at", e.occurredAt() == null ? null : e.occurredAt().toString());
    }

    /** One user's presence, an item of {@code presence} and {@code presence.state} frames. */
    public static JsonObject presenceOf(UUID userId, String status, Instant lastSeenAt) {
        return new JsonObject().put("userId", userId.toString()).put("status", status)
                .put("lastSeenAt", lastSeenAt == null ? null : lastSeenAt.toString());
    }

    /** The changes of one tick: {@code presence {changes: [{userId, status, lastSeenAt}]}}. */
    public static JsonObject presenceChanges(JsonArray changes) {
        return new JsonObject().put("type", "presence").put("changes", changes);
    }

    /** Everyone not offline, once to a new subscriber: {@code presence.state {users: [{userId, status, lastSeenAt}]}}. */
    public static JsonObject presenceState(JsonArray users) {
        return new JsonObject().put("type", "presence.state").put("users", users);
    }

    public static JsonObject typing(UUID conversationId, UUID userId, String state) {
        return new JsonObject().put("type", "typing").put("conversationId", conversationId.toString())
                .put("userId", userId.toString()).put("state", state);
    }

    /** An ephemeral message on a channel: never stored, never replayed. {@code userId} is the sender, if a user. */
    public static JsonObject broadcast(String channel, String event, Object data, UUID userId, Instant at) {
        return new JsonObject().put("type", "broadcast").put("channel", channel).put("event", event).put("data", data)
                .put("userId", userId == null ? null : userId.toString()).put("at", at.toString());
    }

    public static JsonObject error(String code, String message) {
        return new JsonObject().put("type", "error").put("code", code).put("message", message);
    }

    public static JsonObject pong() {
        return new JsonObject().put("type", "pong");
    }
}
