package dev.switchboard.timeline;

import dev.switchboard.tenancy.Principal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.UUID;

/**
 * What a portal customer sees of a timeline: only entries meant for them, with only the fields meant for them.
 * Those are the messages of their conversations (never internal comments or delivery reports) and the appointments
 * they attend. Every other entry type (record changes, assignments, notes, tasks, leads, workflow runs, ...) is
 * internal and hidden. An allow-list, so an entry type added later stays hidden until it is deliberately shown.
 */
final class PortalView {

    static final Set<String> MESSAGE_TYPES = Set.of("message.received", "message.sent");
    static final Set<String> APPOINTMENT_TYPES = Set.of("appointment.created", "appointment.rescheduled", "appointment.updated",
            "appointment.cancelled");
    private static final Set<String> MESSAGE_FIELDS = Set.of("conversationId", "direction", "body");
    private static final Set<String> APPOINTMENT_FIELDS = Set.of("title", "kind", "startsAt", "endsAt", "timezone", "status");

    private PortalView() {
    }

    /** The entry as the customer {@code p} may see it, or null when it is not meant for them. */
    static TimelineEntry of(Principal p, TimelineEntry e) {
        if (MESSAGE_TYPES.contains(e.type())) {
            return e.withData(only(e.data(), MESSAGE_FIELDS));
        }
        if (APPOINTMENT_TYPES.contains(e.type()) && attends(p, e)) {
            return e.withData(only(e.data(), APPOINTMENT_FIELDS));
        }
        return null;
    }

    private static boolean attends(Principal p, TimelineEntry e) {
        if (p.userId().equals(e.ownerUserId()) || e.attendeeUserIds().contains(p.userId())) {
            return true;
        }
        UUID contact = p.contactId();
        JsonArray contacts = e.data().getJsonArray("attendeeContactIds", new JsonArray());
        return contact != null && contacts.contains(contact.toString());
    }

    private static JsonObject only(JsonObject data, Set<String> fields) {
        JsonObject out = new JsonObject();
        fields.forEach(f -> {
            if (data.containsKey(f)) {
                out.put(f, data.getValue(f));
            }
        });
        return out;
    }
}
