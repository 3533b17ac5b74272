package dev.switchboard.audit;

import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.platform.outbox.Outbox;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.platform.db.Columns;
import dev.switchboard.platform.db.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Records a change the one way every write does: an audit entry and a domain event, both inserted by one
 * statement inside the write's own transaction, so a failed write leaves neither.
 */
public final class Changes {

    /**
     * Inserts the changes of one organization ($1), one array element each: their audit entries, and their events in
     * the arrays' order. One statement for one change or a group's many ({@link Columns}).
     */
    private static final String RECORD = """
            WITH made AS (
                SELECT * FROM unnest($2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::uuid[], $8::jsonb[],
                                     $9::jsonb[], $10::text[], $11::text[], $12::text[], $13::uuid[], $14::jsonb[],
                                     $15::timestamptz[]) WITH ORDINALITY
                    AS m (id, actor_type, actor_id, action, entity_type, entity_id, before, after, ip, user_agent, request_id,
                          event_id, payload, occurred_at, position)
            ), audited AS (
                INSERT INTO audit_log (tenant_id, id, actor_type, actor_id, action, entity_type, entity_id,
                                       before, after, ip, user_agent, request_id)
                SELECT $1, m.id, m.actor_type, m.actor_id, m.action, m.entity_type, m.entity_id, NULLIF(m.before, 'null'),
                       NULLIF(m.after, 'null'), m.ip, m.user_agent, m.request_id
                FROM made m ORDER BY m.position
            )
            INSERT INTO outbox (tenant_id, id, type, actor_type, actor_id, correlation_id, payload, occurred_at)
            SELECT $1, m.event_id, m.action, m.actor_type, m.actor_id, m.request_id, NULLIF(m.payload, 'null'), m.occurred_at
            FROM made m ORDER BY m.position""";
    /** The element types of {@link #RECORD}'s arrays, $2 to $15. */
    private static final Class<?>[] COLUMNS = {UUID.class, String.class, UUID.class, String.class, String.class, UUID.class,
            JsonObject.class, JsonObject.class, String.class, String.class, String.class, UUID.class, JsonObject.class,
            OffsetDateTime.class};

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
        return write(conn, tenantId, List.<Object[]>of(values(tenantId, actor, meta, change)));
    }

    /** A change and the authenticated caller who made it. */
    public record Made(Principal by, Change change) {
    }

    /**
     * Records the changes {@code made} by several callers of one organization with one statement, whose per-statement
     * work the two tables do once for all of them; the events keep the list's order.
     */
    public Future<Void> recordAll(SqlConnection conn, List<Made> made) {
        if (made.isEmpty()) {
            return Future.succeededFuture();
        }
        UUID tenantId = made.get(0).by().tenantId();
        List<Object[]> rows = new ArrayList<>(made.size());
        for (Made m : made) {
            if (!tenantId.equals(m.by().tenantId())) {
                return Future.failedFuture(new IllegalArgumentException("changes of several organizations [action: "
                        + m.change().action() + "]"));
            }
            rows.add(values(tenantId, m.by().actor(), m.by().meta(), m.change()));
        }
        return write(conn, tenantId, rows);
    }

    private Future<Void> write(SqlConnection conn, UUID tenantId, List<Object[]> rows) {
        outbox.wakeRelayOnCommit(conn);
        return conn.preparedQuery(RECORD).execute(Columns.append(Tuple.of(tenantId), rows, COLUMNS)).mapEmpty();
    }

    /** One row of {@link #RECORD}'s arrays ($2 to $15): the audit entry, then the event. */
    private static Object[] values(UUID tenantId, Actor actor, RequestMeta meta, Change change) {
        // the event's type, actor and correlation id are the audit entry's action, actor and request id
        EventEnvelope event = EventEnvelope.create(tenantId, actor, meta.requestId(), change.action(), change.eventData());
        Object[] audit = AuditLog.values(new AuditEntry(tenantId, actor, change.action(), change.entityType(),
                change.entityId(), change.before(), change.after(), meta));
        Object[] row = Arrays.copyOfRange(audit, 1, 1 + COLUMNS.length); // without the tenant, room for the event
        row[11] = event.id();
        row[12] = event.data();
        row[13] = event.occurredAt().atOffset(ZoneOffset.UTC);
        return row;
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
