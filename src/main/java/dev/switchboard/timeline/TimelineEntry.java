package dev.switchboard.timeline;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** One stored timeline entry of one record, with the visibility fields its readers are checked against. */
record TimelineEntry(UUID id, OffsetDateTime at, String type, String summary, String actorType, UUID actorId, String entityType,
                     UUID entityId, JsonObject data, String sourceType, UUID sourceId, String noteVisibility, UUID authorUserId,
                     UUID ownerUserId, List<UUID> attendeeUserIds) {

    static final String COLUMNS = "entry_id, at, type, summary, actor_type, actor_id, entity_type, entity_id, data, source_type, "
            + "source_id, note_visibility, author_user_id, owner_user_id, attendee_user_ids";

    static final Function<Row, TimelineEntry> FROM_ROW = row -> new TimelineEntry(
            row.getUUID("entry_id"), row.getOffsetDateTime("at"), row.getString("type"), row.getString("summary"),
            row.getString("actor_type"), row.getUUID("actor_id"), row.getString("entity_type"), row.getUUID("entity_id"),
            row.getJsonObject("data"), row.getString("source_type"), row.getUUID("source_id"), row.getString("note_visibility"),
            row.getUUID("author_user_id"), row.getUUID("owner_user_id"), Arrays.asList(row.getArrayOfUUIDs("attendee_user_ids")));

    /** The same entry reduced to a busy marker: when, and nothing about what or who. */
    TimelineEntry busy() {
        JsonObject times = new JsonObject().put("startsAt", data.getValue("startsAt")).put("endsAt", data.getValue("endsAt"));
        return new TimelineEntry(id, at, type, "Busy", null, null, entityType, entityId, times, sourceType, sourceId, null, null,
                null, List.of());
    }

    /** The same entry with other data (a narrower view of it). */
    TimelineEntry withData(JsonObject narrowed) {
        return new TimelineEntry(id, at, type, summary, actorType, actorId, entityType, entityId, narrowed, sourceType, sourceId,
                noteVisibility, authorUserId, ownerUserId, attendeeUserIds);
    }

    JsonObject toJson() {
        JsonObject actor = actorType == null ? null
                : new JsonObject().put("type", actorType).put("id", actorId == null ? null : actorId.toString());
        return new JsonObject()
                .put("id", id.toString())
                .put("at", Timestamps.format(at))
                .put("type", type)
                .put("summary", summary)
                .put("actor", actor)
                .put("entity", new JsonObject().put("type", entityType).put("id", entityId.toString()))
                .put("data", data);
    }
}
