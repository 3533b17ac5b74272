package dev.switchboard.conversations;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.jobs.Job;
import dev.switchboard.jobs.JobHandler;
import dev.switchboard.jobs.JobQueue;
import dev.switchboard.jobs.NewJob;
import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.http.RequestMeta;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Snoozed conversations wake up (back to {@code open}) at {@code snoozedUntil}, through a job scheduled for that
 * instant when the conversation is snoozed (the {@code conversation.wake} kind), and at once when a new inbound
 * message arrives. Waking records {@code conversation.status_changed} by the system.
 */
public final class Snoozes implements JobHandler {

    public static final String KIND = "conversation.wake";

    private final Db db;
    private final Changes changes;
    private final Clock clock;

    public Snoozes(Db db, Changes changes, Clock clock) {
        this.db = db;
        this.changes = changes;
        this.clock = clock;
    }

    /** Schedules the wake-up of a conversation just snoozed (or snoozed again until another time). */
    static Future<Void> schedule(SqlConnection conn, JobQueue jobs, UUID tenantId, Conversation c) {
        if (!"snoozed".equals(c.status()) || c.snoozedUntil() == null) {
            return Future.succeededFuture();
        }
        Instant until = c.snoozedUntil().toInstant();
        NewJob job = NewJob.of(KIND, new JsonObject().put("conversationId", c.id().toString()).put("until", until.toString()))
                .dedupedBy("wake/" + c.id() + "/" + until.toEpochMilli());
        return jobs.enqueueAt(conn, tenantId, job, until).mapEmpty();
    }

    /** Wakes the conversation when it is snoozed and its time has come ({@code now}), or whenever snoozed ({@code now} null). */
    Future<Void> wake(SqlConnection conn, UUID tenantId, UUID conversationId, Instant now) {
        return ConversationStore.findAny(conn, tenantId, conversationId).compose(before -> {
            if (before == null || !"snoozed".equals(before.status())) {
                return Future.succeededFuture();
            }
            if (now != null && before.snoozedUntil() != null && before.snoozedUntil().toInstant().isAfter(now)) {
                return Future.succeededFuture();
            }
            return ConversationStore.wake(conn, tenantId, conversationId, before.version()).compose(woke -> !woke
                    ? Future.<Void>succeededFuture()
                    : ConversationStore.findAny(conn, tenantId, conversationId).compose(after -> changes.record(conn, tenantId,
                            Actor.SYSTEM, RequestMeta.SYSTEM, Change.updated("conversation.status_changed", ConversationAccess.TYPE,
                                    conversationId, before.auditView(), after.auditView()))));
        });
    }

    @Override
    public Future<Void> run(Job job) {
        UUID conversationId = UUID.fromString(job.payload().getString("conversationId"));
        return db.inTenant(job.tenantId(), conn -> wake(conn, job.tenantId(), conversationId, clock.instant()));
    }
}
