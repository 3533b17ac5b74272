package dev.switchboard.webhooks.inbound;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.UUID;

/** The organization's received webhook events: list, inspect, replay. Needs {@code webhooks.manage}. */
public final class InboxService {

    private final Db db;
    private final Inbox inbox;
    private final Changes changes;

    public InboxService(Db db, Inbox inbox, Changes changes) {
        this.db = db;
        this.inbox = inbox;
        this.changes = changes;
    }

    public Future<List<InboxEvent>> list(Principal p, String status, String provider, Pages page) {
        p.require(Permission.WEBHOOKS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> InboxStore.list(conn, p.tenantId(), status, provider, page));
    }

    public Future<InboxEvent> get(Principal p, UUID id) {
        p.require(Permission.WEBHOOKS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id));
    }

    /**
     * Runs the event's processing again: a dead event goes back to received. A processed event is never
     * processed twice (409).
     */
    public Future<InboxEvent> replay(Principal p, UUID id) {
        p.require(Permission.WEBHOOKS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(before -> {
            if (InboxEvent.PROCESSED.equals(before.status())) {
                return Future.failedFuture(ApiException.conflict("already-processed", "the event was already processed"));
            }
            return InboxStore.reopen(conn, p.tenantId(), id)
                    .compose(reopened -> inbox.enqueue(conn, p.tenantId(), id, null))
                    .compose(job -> existing(conn, p, id))
                    .compose(after -> changes.record(conn, p, Change.updated("webhook_event.replayed", "webhook_event", id,
                            before.auditView(), after.auditView())).map(after));
        }));
    }

    private static Future<InboxEvent> existing(SqlConnection conn, Principal p, UUID id) {
        return InboxStore.find(conn, p.tenantId(), id).compose(e -> e == null
                ? Future.failedFuture(ApiException.notFound("webhook event")) : Future.succeededFuture(e));
    }
}
