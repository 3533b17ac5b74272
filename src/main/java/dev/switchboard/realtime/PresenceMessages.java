package dev.switchboard.realtime;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Presence messages between nodes, one tenant each: {@code state} (one user's new status, {@code offline}
 * with {@code lastSeenAt}), {@code snapshot} (the heartbeat: statuses of some of the node's users) and
 * {@code leave} (the node stops: all its users of the tenant are gone).
 */
final class PresenceMessages {

    static final String TOPIC = "presence";
    static final String STATE = "state";
    static final String SNAPSHOT = "snapshot";
    static final String LEAVE = "leave";

    private PresenceMessages() {
    }

    static JsonObject state(UUID userId, String status, Instant lastSeenAt) {
        return new JsonObject().put("kind", STATE).put("userId", userId.toString()).put("status", status)
                .put("lastSeenAt", lastSeenAt == null ? null : lastSeenAt.toString());
    }

    static JsonObject snapshot(Map<UUID, String> statuses) {
        JsonObject users = new JsonObject();
        statuses.forEach((user, status) -> users.put(user.toString(), status));
        return new JsonObject().put("kind", SNAPSHOT).put("users", users);
    }

    static JsonObject leave() {
        return new JsonObject().put("kind", LEAVE);
    }

    static String kind(JsonObject message) {
        return EventRoutes.string(message, "kind");
    }

    /** A valid status of another node's message: a settable one or offline; anything else is rejected. */
    static String status(Object value) {
        if (value instanceof String s && (PresenceTracker.SETTABLE.contains(s) || PresenceTracker.OFFLINE.equals(s))) {
            return s;
        }
        throw new IllegalArgumentException("unknown presence status");
    }

    static UUID user(String value) {
        UUID id = dev.switchboard.platform.db.Ids.parse(value);
        if (id == null) {
            throw new IllegalArgumentException("presence without a user id");
        }
        return id;
    }

    static Instant instant(String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad lastSeenAt");
        }
    }
}
