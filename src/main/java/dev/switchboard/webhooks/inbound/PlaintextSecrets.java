package dev.switchboard.webhooks.inbound;

import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.secrets.SecretBox;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts, once at startup, the webhook secrets stored in plaintext before encryption at rest existed (inbound
 * hooks, outbound endpoints, Resend signing secrets): SQL cannot, as the key lives only in the server's configuration.
 * Each tenant's rows are sealed in its own transaction; a row changed meanwhile is left for the next start.
 */
public final class PlaintextSecrets {

    private static final Logger log = LoggerFactory.getLogger(PlaintextSecrets.class);
    private static final List<String> TABLES = List.of("inbound_webhooks", "webhook_endpoints", "resend_signing_secrets");

    static final String TENANTS = "SELECT tenant_id FROM plaintext_secret_tenants()";
    static final String SELECT_INBOUND = "SELECT id, secret FROM inbound_webhooks WHERE tenant_id = $1 AND secret NOT LIKE 'v1:%'";
    static final String SELECT_OUTBOUND = "SELECT id, secret FROM webhook_endpoints WHERE tenant_id = $1 AND secret NOT LIKE 'v1:%'";
    static final String SELECT_RESEND = "SELECT id, secret FROM resend_signing_secrets WHERE tenant_id = $1 AND secret NOT LIKE 'v1:%'";
    static final String SEAL_INBOUND = "UPDATE inbound_webhooks SET secret = $3 WHERE tenant_id = $1 AND id = $2 AND secret = $4";
    static final String SEAL_OUTBOUND = "UPDATE webhook_endpoints SET secret = $3 WHERE tenant_id = $1 AND id = $2 AND secret = $4";
    static final String SEAL_RESEND = "UPDATE resend_signing_secrets SET secret = $3 WHERE tenant_id = $1 AND id = $2 AND secret = $4";

    private PlaintextSecrets() {
    }

    public static Future<Void> sealAll(Db db, SecretBox box) {
        return db.withoutTenant(conn -> conn.preparedQuery(TENANTS).execute()).compose(rows -> {
            Future<Void> chain = Future.succeededFuture();
            for (Row row : rows) {
                UUID tenant = row.getUUID("tenant_id");
                chain = chain.compose(v -> db.inTenant(tenant, conn -> seal(conn, tenant, SELECT_INBOUND, SEAL_INBOUND, box)
                        .compose(x -> seal(conn, tenant, SELECT_OUTBOUND, SEAL_OUTBOUND, box))
                        .compose(x -> seal(conn, tenant, SELECT_RESEND, SEAL_RESEND, box))));
            }
            if (rows.size() > 0) {
                log.info("encrypted plaintext webhook secrets [tenants: {}, tables: {}]", rows.size(), TABLES);
            }
            return chain;
        });
    }

    private static Future<Void> seal(SqlConnection conn, UUID tenant, String select, String update, SecretBox box) {
        return conn.preparedQuery(select).execute(Tuple.of(tenant)).compose(rows -> {
            List<Tuple> batch = new ArrayList<>();
            rows.forEach(r -> batch.add(Tuple.of(tenant, r.getUUID("id"), box.seal(r.getString("secret")), r.getString("secret"))));
            return batch.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(update).executeBatch(batch).mapEmpty();
        });
    }
}
