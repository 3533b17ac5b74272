package dev.switchboard.integrations;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Integration settings rows (secrets sealed). Every statement binds the tenant, except the Meta routing function. */
final class IntegrationStore {

    /** A row as stored: the secrets still sealed. */
    record Sealed(String metaAppSecret, String metaVerifyToken, String metaPageAccessToken, String resendApiKey, int version,
                  java.time.OffsetDateTime updatedAt) {
    }

    /** One tenant's own Meta app credentials, sealed. */
    record MetaApp(UUID tenantId, String appSecret, String verifyToken) {
    }

    static final String FIND = """
            SELECT meta_app_secret, meta_verify_token, meta_page_access_token, resend_api_key, version, updated_at
            FROM integration_settings WHERE tenant_id = $1""";
    /** The first version (expected version 0); nothing comes back when a row exists already. */
    static final String INSERT = """
            INSERT INTO integration_settings (tenant_id, meta_app_secret, meta_verify_token, meta_page_access_token, resend_api_key)
            VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant_id) DO NOTHING RETURNING version""";
    static final String UPDATE = """
            UPDATE integration_settings SET meta_app_secret = $2, meta_verify_token = $3, meta_page_access_token = $4,
                resend_api_key = $5, version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND version = $6 RETURNING version""";
    static final String META_APPS = "SELECT tenant_id, app_secret, verify_token FROM meta_app_credentials_all()";

    private IntegrationStore() {
    }

    static Future<Sealed> find(SqlConnection conn, UUID tenantId) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            return new Sealed(r.getString("meta_app_secret"), r.getString("meta_verify_token"), r.getString("meta_page_access_token"),
                    r.getString("resend_api_key"), r.getInteger("version"), r.getOffsetDateTime("updated_at"));
        });
    }

    /** False when {@code expected} is stale. An update of a missing row, or an insert over an existing one, is stale. */
    static Future<Boolean> save(SqlConnection conn, UUID tenantId, Sealed values, int expected) {
        Tuple args = Tuple.from(new Object[] {tenantId, values.metaAppSecret(), values.metaVerifyToken(), values.metaPageAccessToken(),
                values.resendApiKey()});
        return (expected == 0 ? conn.preparedQuery(INSERT).execute(args) : conn.preparedQuery(UPDATE).execute(args.addInteger(expected)))
                .map(rows -> rows.size() == 1);
    }

    static Future<List<MetaApp>> metaApps(SqlConnection conn) {
        return conn.preparedQuery(META_APPS).execute().map(rows -> {
            List<MetaApp> out = new ArrayList<>();
            rows.forEach(r -> out.add(new MetaApp(r.getUUID("tenant_id"), r.getString("app_secret"), r.getString("verify_token"))));
            return out;
        });
    }
}
