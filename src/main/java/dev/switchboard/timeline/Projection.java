package dev.switchboard.timeline;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * What one domain event does to the timeline: the entry it adds (to {@code targets}, and to the contact
 * of each record in {@code rollup}), the visibility it carries, and what it teaches the projection
 * about a case's or conversation's contact ({@code parent}).
 *
 * @param source      the record whose read permission governs the entry
 * @param removeEntity true when the event deletes the entity: its entries go, nothing is added
 */
record Projection(String type, String summary, Target entity, Target source, JsonObject data, List<Target> targets,
                  List<Target> rollup, EntryVisibility visibility, Parent parent, boolean removeEntity) {

    /** A record: type and id. */
    record Target(String type, UUID id) {
    }

    /** Who may see an entry beyond the record's own readers: a note's or an appointment's audience. */
    record EntryVisibility(String noteVisibility, UUID authorUserId, UUID teamId, UUID ownerUserId, List<UUID> attendeeUserIds) {

        static final EntryVisibility NONE = new EntryVisibility(null, null, null, null, List.of());

        boolean refreshes() {
            return noteVisibility != null || ownerUserId != null;
        }
    }

    /** A case's or conversation's contact, and a conversation's case, channel and subject. */
    record Parent(String recordType, UUID recordId, UUID contactId, UUID caseId, String channel, String subject) {
    }
}
