package dev.switchboard.timeline;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/** One rebuild of a tenant's timeline projection from the event log, and how it went. */
record TimelineRebuild(UUID id, String status, UUID requestedBy, UUID jobId, int eventsReplayed, int entries, String error,
                       OffsetDateTime createdAt, OffsetDateTime startedAt, OffsetDateTime finishedAt) {

    static final String QUEUED = "queued";

    static final String COLUMNS = "id, status, requested_by, job_id, events_replayed, entries, error, created_at, started_at, finished_at";

    static final Function<Row, TimelineRebuild> FROM_ROW = row -> new TimelineRebuild(row.getUUID("id"), row.getString("status"),
            row.getUUID("requested_by"), row.getUUID("job_id"), row.getInteger("events_replayed"), row.getInteger("entries"),
            row.getString("error"), row.getOffsetDateTime("created_at"), row.getOffsetDateTime("started_at"),
            row.getOffsetDateTime("finished_at"));

    JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("status", status)
                .put("requestedBy", requestedBy == null ? null : requestedBy.toString())
                .put("jobId", jobId == null ? null : jobId.toString())
                .put("eventsReplayed", eventsReplayed)
                .put("entries", entries)
                .put("error", error)
                .put("createdAt", Timestamps.format(createdAt))
                .put("startedAt", Timestamps.format(startedAt))
                .put("finishedAt", Timestamps.format(finishedAt));
    }

    /** The audit view: no error text beyond the status. */
    JsonObject auditView() {
        return new JsonObject().put("status", status).put("eventsReplayed", eventsReplayed).put("entries", entries);
    }
}
