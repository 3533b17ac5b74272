package dev.switchboard.audit;

import dev.switchboard.platform.db.Ids;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/** Appends audit entries inside the transaction of the change they describe; the table is append-only. */
public final class AuditLog {

    private static final String INSERT = """
            INSERT INTO audit_log (tenant_id, id, actor_type, actor_id, action, entity_type, entity_id,
                                   before, after, ip, user_agent, request_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)""";

    private AuditLog() {
    }

    public static Future<Void> append(SqlConnection conn, AuditEntry e) {
        return conn.preparedQuery(INSERT).execute(Tuple.from(new Object[] {
                e.tenantId(), Ids.next(), e.actor().type().wire(), e.actor().id(), e.action(), e.entityType(),
                e.entityId(), e.before(), e.after(), e.meta().ip(), e.meta().userAgent(), e.meta().requestId()}))
                .mapEmpty();
    }
}
