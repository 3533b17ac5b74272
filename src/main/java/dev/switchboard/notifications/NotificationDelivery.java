package dev.switchboard.notifications;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
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
 * notification publishes {@code notification.created} / {@code notification.updated} for the realtime gateway.
 */
final class NotificationDelivery {

    private final Changes changes;

    NotificationDelivery(Changes changes) {
        this.changes = changes;
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
        List<UUID> users = new ArrayList<>(draft.recipients());
        users.remove(actor);
        return Future.succeededFuture(users);
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
                return changes.record(conn, event.tenantId(), Actor.SYSTEM, meta, change).map(n + 1);
            }));
        }
        return chain;
    }
}
