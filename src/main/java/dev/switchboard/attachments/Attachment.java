package dev.switchboard.attachments;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/** A file uploaded to a record: who sent it, its display name, the type sniffed from its bytes, size and SHA-256. */
public record Attachment(UUID id, String entityType, UUID entityId, String filename, String contentType, long sizeBytes,
                         String sha256, UUID uploadedBy, OffsetDateTime createdAt) {

    static final String COLUMNS = "a.id, a.entity_type, a.entity_id, a.filename, a.content_type, a.size_bytes, a.sha256, "
            + "a.uploaded_by, a.created_at";

    static final Function<Row, Attachment> FROM_ROW = row -> new Attachment(row.getUUID("id"), row.getString("entity_type"),
            row.getUUID("entity_id"), row.getString("filename"), row.getString("content_type"), row.getLong("size_bytes"),
            row.getString("sha256"), row.getUUID("uploaded_by"), row.getOffsetDateTime("created_at"));

    public JsonObject toJson() {
        return auditView()
                .put("id", id.toString())
                .put("createdAt", Timestamps.format(createdAt));
    }

    /** What the audit log and events show; {@code contactId} when the parent is a contact. */
    JsonObject auditView() {
        JsonObject view = new JsonObject()
                .put("entityType", entityType)
                .put("entityId", entityId.toString())
                .put("filename", filename)
                .put("contentType", contentType)
                .put("sizeBytes", sizeBytes)
                .put("sha256", sha256)
                .put("uploadedBy", uploadedBy == null ? null : uploadedBy.toString());
        if ("contact".equals(entityType)) {
            view.put("contactId", entityId.toString());
        }
        return view;
    }
}
