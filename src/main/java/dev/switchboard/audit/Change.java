package dev.switchboard.audit;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * One state change of one record: {@code action} names both the audit action and the domain event
 * type ({@code case.status_changed}); {@code before}/{@code after} are the record's audit views (never
 * secrets); {@code details} adds event fields beyond them.
 */
public record Change(String action, String entityType, UUID entityId, JsonObject before, JsonObject after, JsonObject details) {

    public static Change created(String action, String entityType, UUID entityId, JsonObject after) {
        return new Change(action, entityType, entityId, null, after, null);
    }

    public static Change updated(String action, String entityType, UUID entityId, JsonObject before, JsonObject after) {
        return new Change(action, entityType, entityId, before, after, null);
    }

    public static Change deleted(String action, String entityType, UUID entityId, JsonObject before) {
        return new Change(action, entityType, entityId, before, null, null);
    }

    public Change withDetails(JsonObject details) {
        return new Change(action, entityType, entityId, before, after, details);
    }

    /** The domain event payload: entity, before/after summary and details. */
    JsonObject eventData() {
        JsonObject data = new JsonObject()
                .put("entityType", entityType)
                .put("entityId", entityId == null ? null : entityId.toString());
        if (before != null) {
            data.put("before", before);
        }
        if (after != null) {
            data.put("after", after);
        }
        if (details != null) {
            data.mergeIn(details);
        }
        return data;
    }
}
