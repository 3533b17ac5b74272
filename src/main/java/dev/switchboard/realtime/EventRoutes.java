package dev.switchboard.realtime;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.db.Ids;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Which channels a domain event travels on, most specific first. {@code notification.*} events go only
 * to {@code user:{userId}} (the addressed user: {@code data.userId}, else in {@code after}/{@code before},
 * where the notifications feature records it); every other event goes to the channel of its record (and a message to
 * its conversation's channel) and to {@code org}. Whether a given connection then receives it is the
 * {@link RecipientFilter}'s decision.
 */
final class EventRoutes {

    static final String NOTIFICATION_PREFIX = "notification.";

    private EventRoutes() {
    }

    static List<String> channels(EventEnvelope e) {
        if (e.internal()) {
            return List.of();
        }
        JsonObject data = e.data();
        if (e.type().startsWith(NOTIFICATION_PREFIX)) {
            UUID user = inDataOrViews(data, "userId");
            return user == null ? List.of() : List.of(Channel.user(user).name());
        }
        List<String> channels = new ArrayList<>(3);
        Channel own = Channel.ofRecord(string(data, "entityType"), uuid(data, "entityId"));
        if (own != null) {
            channels.add(own.name());
        }
        UUID conversation = conversationOfMessage(e);
        if (conversation != null) {
            channels.add(Channel.ofRecord("conversation", conversation).name());
        }
        channels.add(Channel.ORG.name());
        return channels;
    }

    /** For a {@code message} event, its conversation: {@code data.conversationId}, else in {@code after}/{@code before}. */
    static UUID conversationOfMessage(EventEnvelope e) {
        JsonObject data = e.data();
        if (!"message".equals(string(data, "entityType"))) {
            return null;
        }
        return inDataOrViews(data, "conversationId");
    }

    /** The uuid {@code key} of {@code data}, else of its {@code after} view, else of its {@code before} view. */
    private static UUID inDataOrViews(JsonObject data, String key) {
        for (Object source : new Object[] {data, data.getValue("after"), data.getValue("before")}) {
            UUID id = source instanceof JsonObject json ? uuid(json, key) : null;
            if (id != null) {
                return id;
            }
        }
        return null;
    }

    static String string(JsonObject json, String key) {
        return json.getValue(key) instanceof String s ? s : null;
    }

    static UUID uuid(JsonObject json, String key) {
        return Ids.parse(string(json, key));
    }
}
