package dev.switchboard.jobs;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/**
 * One unit of background work of one tenant: what to do ({@code kind} + {@code payload}), when, and how it went
 * ({@code progress}, for the kinds that report it while they run).
 */
public record Job(UUID tenantId, UUID id, String kind, JsonObject payload, String status, OffsetDateTime runAt, int attempts,
                  int maxAttempts, String lockedBy, OffsetDateTime lockedUntil, String lastError, String dedupeKey,
                  OffsetDateTime createdAt, OffsetDateTime finishedAt, JsonObject progress) {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String DEAD = "dead";

    static final String COLUMNS = "tenant_id, id, kind, payload, status, run_at, attempts, max_attempts, locked_by, "
            + "locked_until, last_error, dedupe_key, created_at, finished_at, progress";

    static final Function<Row, Job> FROM_ROW = row -> new Job(row.getUUID("tenant_id"), row.getUUID("id"),
            row.getString("kind"), (JsonObject) row.getValue("payload"), row.getString("status"),
            row.getOffsetDateTime("run_at"), row.getInteger("attempts"), row.getInteger("max_attempts"),
            row.getString("locked_by"), row.getOffsetDateTime("locked_until"), row.getString("last_error"),
            row.getString("dedupe_key"), row.getOffsetDateTime("created_at"), row.getOffsetDateTime("finished_at"),
            row.getColumnIndex("progress") < 0 ? null : (JsonObject) row.getValue("progress"));

    /** True when this run is the last one the job is allowed. */
    public boolean lastAttempt() {
        return attempts >= maxAttempts;
    }

    /**
     * The payload field that says who queued the job and from where (user, permissions, address, browser), for the job
     * to act as them; the jobs API leaves it out.
     */
    public static final String CALLER = "caller";

    /** The job as the jobs API shows it. */
    public JsonObject toJson() {
        JsonObject shown = payload;
        if (payload != null && payload.containsKey(CALLER)) {
            shown = payload.copy();
            shown.remove(CALLER);
        }
        return new JsonObject()
                .put("id", id.toString())
                .put("kind", kind)
                .put("status", status)
                .put("payload", shown)
                .put("runAt", Timestamps.format(runAt))
                .put("attempts", attempts)
                .put("maxAttempts", maxAttempts)
                .put("lastError", lastError)
                .put("dedupeKey", dedupeKey)
                .put("createdAt", Timestamps.format(createdAt))
                .put("finishedAt", Timestamps.format(finishedAt))
                .put("progress", progress);
    }

    JsonObject auditView() {
        return new JsonObject().put("kind", kind).put("status", status).put("attempts", attempts);
    }
}
