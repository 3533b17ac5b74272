package dev.switchboard.audit;

import dev.switchboard.platform.db.Ids;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * Appends audit entries inside the transaction of the change they describe; the table is append-only
 * and secrets are redacted here, whatever the caller passed.
 */
public final class AuditLog {

    static final String INSERT = """
            INSERT INTO audit_log (tenant_id, id, actor_type, actor_id, action, entity_type, entity_id,
                                   before, after, ip, user_agent, request_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)""";

    private AuditLog() {
    }

    public static Future<Void> append(SqlConnection conn, AuditEntry e) {
        return conn.preparedQuery(INSERT).execute(Tuple.from(values(e))).mapEmpty();
    }

    /** The parameters of {@link #INSERT} ($1 to $12) for {@code e}, redacted. */
    static Object[] values(AuditEntry e) {
        Object[] values = new Object[12];
        values[0] = e.tenantId();
        values[1] = Ids.next();
        values[2] = e.actor().type().wire();
        values[3] = e.actor().id();
        values[4] = e.action();
        values[5] = e.entityType();
        values[6] = e.entityId();
        values[7] = redact(e.before());
        values[8] = redact(e.after());
        values[9] = e.meta().ip();
        values[10] = e.meta().userAgent();
        values[11] = e.meta().requestId();
        return values;
    }

    /** Words that, anywhere in a field's name (in any case), keep its value out of the audit log, at any depth. */
    private static final java.util.List<String> SECRET_WORDS =
            java.util.List.of("password", "secret", "token", "apikey", "api_key", "credential", "privatekey");

    static boolean secret(String field) {
        String name = field.toLowerCase(java.util.Locale.ROOT);
        for (String word : SECRET_WORDS) {
            if (name.contains(word)) {
                return true;
            }
        }
        return false;
    }

    static io.vertx.core.json.JsonObject redact(io.vertx.core.json.JsonObject state) {
        if (state == null) {
            return null;
        }
        io.vertx.core.json.JsonObject copy = new io.vertx.core.json.JsonObject();
        state.forEach(entry -> {
            Object value = entry.getValue();
            if (secret(entry.getKey())) {
                copy.put(entry.getKey(), "[redacted]");
            } else if (value instanceof io.vertx.core.json.JsonObject nested) {
                copy.put(entry.getKey(), redact(nested));
            } else {
                copy.put(entry.getKey(), value);
            }
        });
        return copy;
    }
}
