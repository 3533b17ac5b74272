package dev.switchboard.notifications;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.jobs.JobQueue;
import dev.switchboard.jobs.NewJob;
import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.http.RequestMeta;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Stores the notifications one domain event asks for, on the consumer's connection. Each stored or collapsed
 * notification publishes {@code notification.created} / {@code notification.updated} for the realtime gateway; a new
 * one is also emailed (a job queued in the same transaction) when its user has email on for its type.
 */
final class NotificationDelivery {

    private final Changes changes;
    private final JobQueue jobs;

    /** @param jobs the queue notification emails are sent from, or null when the server sends no email */
    NotificationDelivery(Changes changes, JobQueue jobs) {
        this.changes = changes;
        this.jobs = jobs;
    }

    /** The number of notifications stored or collapsed. */
    Future<Integer> deliver(SqlConnection conn, EventEnvelope event, List<NotificationDraft> drafts) {
        Future<Integer> chain = Future.succeededFuture(0);
        for (NotificationDraft draft : drafts) {
            chain = chain.compose(n -> recipients(conn, event, draft)
                    .compose(users -> store(conn, event, draft, users)).map(stored -> n + stored));
        }
        return chain;
    }

    private static Future<List<UUID>> recipients(SqlConnection conn, EventEnvelope event, NotificationDraft draft) {
        UUID actor = event.actor().type() == Actor.Type.USER ? event.actor().id() : null;
        if (draft.toManagers()) {
            return NotificationStore.managers(conn, event.tenantId(), actor);
        }
        Future<List<UUID>> named = draft.handles().isEmpty() ? Future.succeededFuture(List.of())
                : NotificationStore.mentioned(conn, event.tenantId(), draft.handles());
        return named.map(byHandle -> {
            java.util.Set<UUID> users = new java.util.LinkedHashSet<>(draft.recipients());
            users.addAll(byHandle);
            users.remove(actor);
            return new ArrayList<>(users);
        });
    }

    /** Queues the email of a new notification, in the same transaction, when its user wants email for its type. */
    private Future<Void> email(SqlConnection conn, UUID tenantId, Notification notification) {
        if (jobs == null) {
            return Future.succeededFuture();
        }
        return NotificationStore.emailOn(conn, tenantId, notification.userId(), notification.type()).compose(on -> !on
                ? Future.<Void>succeededFuture()
                : jobs.enqueue(conn, tenantId, NewJob.of(NotificationEmailHandler.KIND, NotificationEmailHandler.payload(notification.userId(),
                        notification.id())).dedupedBy("notification-email/" + notification.id())).mapEmpty());
    }

    private Future<Integer> store(SqlConnection conn, EventEnvelope event, NotificationDraft draft, List<UUID> users) {
        RequestMeta meta = new RequestMeta(event.correlationId(), null, null);
        Future<Integer> chain = Future.succeededFuture(0);
        for (UUID user : users) {
            chain = chain.compose(n -> NotificationStore.upsert(conn, event.tenantId(), user, Ids.next(), draft).compose(saved -> {
                if (saved == null) {
                    return Future.succeededFuture(n);
                }
                Notification notification = saved.notification();
                Change change = new Change(saved.inserted() ? "notification.created" : "notification.updated",
                        NotificationService.ENTITY, notification.id(), null, notification.auditView(), null);
                return changes.record(conn, event.tenantId(), Actor.SYSTEM, meta, change)
                        .compose(v -> saved.inserted() ? email(conn, event.tenantId(), notification) : Future.<Void>succeededFuture())
                        .map(n + 1);
            }));
        }
        return chain;
    }
}
