package dev.switchboard.audit;

import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.platform.outbox.Outbox;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.UUID;

/**
 * Records a change the one way every write does: an audit entry and a domain event, both inside the
 * write's own transaction, so a failed write leaves neither.
 */
public final class Changes {

    private final Outbox outbox;

    public Changes(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Records a change made by the authenticated caller. */
    public Future<Void> record(SqlConnection conn, Principal p, Change change) {
        return record(conn, p.tenantId(), p.actor(), p.meta(), change);
    }

    /** Records a change made by someone other than an authenticated caller (sign-up, invite, the system). */
    public Future<Void> record(SqlConnection conn, UUID tenantId, Actor actor, RequestMeta meta, Change change) {
        // Both inserts go out together (the connection pipelines them); a failure of either fails the write.
        Future<Void> audited = AuditLog.append(conn, new AuditEntry(tenantId, actor, change.action(), change.entityType(),
                change.entityId(), change.before(), change.after(), meta));
        Future<Void> published = outbox.append(conn, EventEnvelope.create(tenantId, actor, meta.requestId(), change.action(),
                change.eventData()));
        return audited.compose(v -> published);
    }
}
