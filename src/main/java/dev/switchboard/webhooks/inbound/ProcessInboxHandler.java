package dev.switchboard.webhooks.inbound;

import dev.switchboard.jobs.Backoff;
import dev.switchboard.jobs.Job;
import dev.switchboard.jobs.JobFailure;
import dev.switchboard.jobs.JobHandler;
import dev.switchboard.jobs.RetryPolicy;
import dev.switchboard.platform.db.Db;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.UUID;

/**
 * Processes one stored event: fetches what its provider's processing needs (no transaction open), then locks
 * its row, applies the effects and marks it processed in one transaction, so a retried, duplicated or replayed job never applies the effects twice. Failures are
 * recorded on the row; when the job is dead-lettered, so is the event.
 */
public final class ProcessInboxHandler implements JobHandler {

    public static final String KIND = "webhook.inbox.process";
    private static final RetryPolicy POLICY = new Backoff(5, Duration.ofSeconds(30), Duration.ofMinutes(30));
    private static final int MAX_ERROR_LENGTH = 1000;

    private final Db db;
    private final DeliveryProcessing processing;

    ProcessInboxHandler(Db db, DeliveryProcessing processing) {
        this.db = db;
        this.processing = processing;
    }

    @Override
    public RetryPolicy retryPolicy() {
        return POLICY;
    }

    @Override
    public Future<Void> run(Job job) {
        UUID tenantId = job.tenantId();
        UUID id = inboxId(job);
        return db.inTenant(tenantId, conn -> InboxStore.find(conn, tenantId, id)).compose(event -> {
            if (event == null || !event.processable()) {
                return Future.<Void>succeededFuture();
            }
            if (!processing.knows(event.provider())) {
                return Future.<Void>failedFuture(JobFailure.permanent("no processor for provider " + event.provider()));
            }
            // The fetch runs with no transaction open; the effects then commit with the processed mark, once.
            return processing.fetch(event).compose(fetched -> db.inTenant(tenantId, conn -> processing.apply(conn, tenantId, id, fetched)));
        }).recover(failure -> db.inTenant(tenantId, conn -> InboxStore.recordFailure(conn, tenantId, id, describe(failure)))
                .transform(ignored -> Future.failedFuture(failure)));
    }

    @Override
    public Future<Void> onDead(SqlConnection conn, Job job, String error) {
        return InboxStore.markDead(conn, job.tenantId(), inboxId(job), error);
    }

    private static UUID inboxId(Job job) {
        return UUID.fromString(job.payload().getString("inboxId"));
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return message.length() > MAX_ERROR_LENGTH ? message.substring(0, MAX_ERROR_LENGTH) : message;
    }
}
