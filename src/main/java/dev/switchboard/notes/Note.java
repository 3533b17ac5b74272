package dev.switchboard.notes;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/** Sanitised rich text attached to a record, private, shared with a team or with the organization. */
public record Note(UUID id, String entityType, UUID entityId, UUID authorUserId, NoteVisibility visibility, UUID teamId,
                   String body, boolean pinned, int version, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static final String COLUMNS = "n.id, n.entity_type, n.entity_id, n.author_user_id, n.visibility, n.team_id, n.body, n.pinned, "
            + "n.version, n.created_at, n.updated_at";

    static final Function<Row, Note> FROM_ROW = row -> new Note(row.getUUID("id"), row.getString("entity_type"),
            row.getUUID("entity_id"), row.getUUID("author_user_id"), NoteVisibility.fromWire(row.getString("visibility")),
            row.getUUID("team_id"), row.getString("body"), row.getBoolean("pinned"), row.getInteger("version"),
            row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("entityType", entityType)
                .put("entityId", entityId.toString())
                .put("authorUserId", authorUserId.toString())
                .put("visibility", visibility.wire())
                .put("teamId", teamId == null ? null : teamId.toString())
                .put("body", body)
                .put("pinned", pinned)
                .put("version", version)
                .put("createdAt", Timestamps.format(createdAt))
                .put("updatedAt", Timestamps.format(updatedAt));
    }

    /** What the audit log and events show; {@code contactId} when the note is on a contact. */
    public JsonObject auditView() {
        JsonObject view = new JsonObject()
                .put("entityType", entityType)
                .put("entityId", entityId.toString())
                .put("authorUserId", authorUserId.toString())
                .put("visibility", visibility.wire())
                .put("teamId", teamId == null ? null : teamId.toString())
                .put("pinned", pinned)
                .put("body", body)
                .put("version", version);
        if ("contact".equals(entityType)) {
            view.put("contactId", entityId.toString());
        }
        return view;
    }
}
