package dev.switchboard.audit;

import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.platform.outbox.Outbox;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.platform.db.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Records a change the one way every write does: an audit entry and a domain event, both inserted by one
 * statement inside the write's own transaction, so a failed write leaves neither.
 */
public final class Changes {

    private static final String RECORD = "WITH audited AS (" + AuditLog.INSERT + ")\n"
            + "INSERT INTO outbox (tenant_id, id, type, actor_type, actor_id, correlation_id, payload, occurred_at)\n"
            + "VALUES ($1, $13, $5, $3, $4, $12, $14, $15)";

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
        if (tenantId == null) {
            return Future.failedFuture(new IllegalArgumentException("change without tenant [action: " + change.action() + "]"));
        }
        outbox.wakeRelayOnCommit(conn);
        return conn.preparedQuery(RECORD).execute(values(tenantId, actor, meta, change)).mapEmpty();
    }

    /** A change and the authenticated caller who made it. */
    public record Made(Principal by, Change change) {
    }

    /** Records the changes {@code made} by several callers of one organization, in one batch of statements. */
    public Future<Void> recordAll(SqlConnection conn, List<Made> made) {
        if (made.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Tuple> batch = new ArrayList<>(made.size());
        for (Made m : made) {
            batch.add(values(m.by().tenantId(), m.by().actor(), m.by().meta(), m.change()));
        }
        outbox.wakeRelayOnCommit(conn);
        return conn.preparedQuery(RECORD).executeBatch(batch).mapEmpty();
    }

    /** The parameters of {@link #RECORD}: one statement inserts both rows. */
    private static Tuple values(UUID tenantId, Actor actor, RequestMeta meta, Change change) {
        // the event's type, actor and correlation id are the audit entry's action, actor and request id
        EventEnvelope event = EventEnvelope.create(tenantId, actor, meta.requestId(), change.action(), change.eventData());
        Object[] values = AuditLog.values(new AuditEntry(tenantId, actor, change.action(), change.entityType(),
                change.entityId(), change.before(), change.after(), meta), 3);
        values[12] = event.id();
        values[13] = event.data();
        values[14] = event.occurredAt().atOffset(ZoneOffset.UTC);
        return Tuple.from(values);
    }

    /**
     * A change made by the system as a statement of another writer inserts it: the audit entry's id and redacted
     * state after, and the domain event (type, payload, time), for writers that record the changes of many rows in
     * one statement. The entry has the system as actor, no request and no state before.
     */
    public record SystemRecord(String action, String entityType, UUID auditId, JsonObject after, EventEnvelope event) {
    }

    /** How {@code change}, made by the system in {@code tenantId}, is recorded by such a statement. */
    public static SystemRecord systemRecord(UUID tenantId, Change change) {
        if (change.before() != null) {
            throw new IllegalArgumentException("a system record has no state before [action: " + change.action() + "]");
        }
        EventEnvelope event = EventEnvelope.create(tenantId, Actor.SYSTEM, RequestMeta.SYSTEM.requestId(), change.action(),
                change.eventData());
        return new SystemRecord(change.action(), change.entityType(), Ids.next(), AuditLog.redact(change.after()), event);
    }

    /** The outbox these changes' events go to, for writers that insert an event of their own in a statement. */
    public Outbox outbox() {
        return outbox;
    }
}
