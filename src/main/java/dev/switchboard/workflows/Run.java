package dev.switchboard.workflows;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/** One execution of a workflow version: what started it, how deep in a chain of automation, and how it ended. */
record Run(UUID tenantId, UUID id, UUID workflowId, int workflowVersion, String triggerType, UUID eventId, String entityType,
           UUID entityId, JsonObject input, String status, int depth, UUID originEventId, String error, OffsetDateTime createdAt,
           OffsetDateTime finishedAt) {

    static final String QUEUED = "queued";
    static final String RUNNING = "running";
    static final String SUCCEEDED = "succeeded";
    static final String FAILED = "failed";
    /** Not run at all: a loop limit (the chain depth, or the total runs of one origin) was reached; the error says which. */
    static final String STOPPED = "stopped";

    private static final String CORRELATION_PREFIX = "workflow-run:";

    static final String COLUMNS = "r.tenant_id, r.id, r.workflow_id, r.workflow_version, r.trigger_type, r.event_id, r.entity_type, "
            + "r.entity_id, r.input, r.status, r.depth, r.origin_event_id, r.error, r.created_at, r.finished_at";

    static final Function<Row, Run> FROM_ROW = row -> new Run(row.getUUID("tenant_id"), row.getUUID("id"), row.getUUID("workflow_id"),
            row.getInteger("workflow_version"), row.getString("trigger_type"), row.getUUID("event_id"), row.getString("entity_type"),
            row.getUUID("entity_id"), (JsonObject) row.getValue("input"), row.getString("status"), row.getInteger("depth"),
            row.getUUID("origin_event_id"), row.getString("error"), row.getOffsetDateTime("created_at"),
            row.getOffsetDateTime("finished_at"));

    /** This run as it ended (or was handed on): {@code status}, {@code error} and when. */
    Run ended(String status, String error, OffsetDateTime at) {
        return new Run(tenantId, id, workflowId, workflowVersion, triggerType, eventId, entityType, entityId, input, status, depth,
                originEventId, error, createdAt, at);
    }

    /** The correlation id of everything this run causes; events carrying it lead back here. */
    String correlationId() {
        return correlationOf(id);
    }

    static String correlationOf(UUID runId) {
        return CORRELATION_PREFIX + runId;
    }

    /** The run named by an event's correlation id, or null when a run did not cause the event. */
    static UUID runIdOf(String correlationId) {
        return correlationId != null && correlationId.startsWith(CORRELATION_PREFIX)
                ? dev.switchboard.platform.db.Ids.parse(correlationId.substring(CORRELATION_PREFIX.length())) : null;
    }

    JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("workflowId", workflowId.toString())
                .put("workflowVersion", workflowVersion)
                .put("trigger", triggerType)
                .put("eventId", str(eventId))
                .put("entityType", entityType)
                .put("entityId", str(entityId))
                .put("input", input)
                .put("status", status)
                .put("depth", depth)
                .put("originEventId", str(originEventId))
                .put("error", error)
                .put("createdAt", Timestamps.format(createdAt))
                .put("finishedAt", Timestamps.format(finishedAt));
    }

    JsonObject auditView() {
        return new JsonObject().put("workflowId", workflowId.toString()).put("workflowVersion", workflowVersion)
                .put("trigger", triggerType).put("entityType", entityType).put("entityId", str(entityId)).put("status", status)
                .put("depth", depth).put("originEventId", str(originEventId)).put("error", error);
    }

    private static String str(UUID id) {
        return id == null ? null : id.toString();
    }
}
