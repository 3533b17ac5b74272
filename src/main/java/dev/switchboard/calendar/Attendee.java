package dev.switchboard.calendar;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/** A user or a contact invited to an appointment, with their response. */
public record Attendee(UUID userId, UUID contactId, String response, OffsetDateTime respondedAt) {

    public static final Set<String> RESPONSES = Set.of("needs_action", "accepted", "declined", "tentative");
    static final String NEEDS_ACTION = "needs_action";

    /** A new invitation, not answered yet. */
    static Attendee invite(UUID userId, UUID contactId) {
        return new Attendee(userId, contactId, NEEDS_ACTION, null);
    }

    boolean sameAs(Attendee other) {
        return Objects.equals(userId, other.userId) && Objects.equals(contactId, other.contactId);
    }

    JsonObject toJson() {
        return new JsonObject()
                .put("userId", userId == null ? null : userId.toString())
                .put("contactId", contactId == null ? null : contactId.toString())
                .put("response", response)
                .put("respondedAt", Timestamps.format(respondedAt));
    }
}
