package dev.switchboard.ai;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The organization's AI settings row, its key sealed. Every statement binds the tenant. */
final class AiSettingsStore {

    /** A row as stored: the key still sealed. */
    record Sealed(boolean enabled, String provider, String model, String apiKey, String baseUrl, List<String> features,
                  Long monthlyTokenBudget, int version, OffsetDateTime updatedAt) {
    }

    static final String FIND = """
            SELECT enabled, provider, model, api_key, base_url, features, monthly_token_budget, version, updated_at
            FROM ai_settings WHERE tenant_id = $1""";
    /** The first version (expected version 0); nothing comes back when a row exists already. */
    static final String INSERT = """
            INSERT INTO ai_settings (tenant_id, enabled, provider, model, api_key, base_url, features, monthly_token_budget)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (tenant_id) DO NOTHING RETURNING version""";
    static final String UPDATE = """
            UPDATE ai_settings SET enabled = $2, provider = $3, model = $4, api_key = $5, base_url = $6, features = $7,
                monthly_token_budget = $8, version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND version = $9 RETURNING version""";

    private AiSettingsStore() {
    }

    static Future<Sealed> find(SqlConnection conn, UUID tenantId) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            return new Sealed(r.getBoolean("enabled"), r.getString("provider"), r.getString("model"), r.getString("api_key"),
                    r.getString("base_url"), List.of(r.getArrayOfStrings("features")), r.getLong("monthly_token_budget"),
                    r.getInteger("version"), r.getOffsetDateTime("updated_at"));
        });
    }

    /** False when {@code expected} is stale: an update of a missing row, or an insert over an existing one. */
    static Future<Boolean> save(SqlConnection conn, UUID tenantId, Sealed s, int expected) {
        Tuple args = Tuple.from(new Object[] {tenantId, s.enabled(), s.provider(), s.model(), s.apiKey(), s.baseUrl(),
                s.features().toArray(String[]::new), s.monthlyTokenBudget()});
        return (expected == 0 ? conn.preparedQuery(INSERT).execute(args) : conn.preparedQuery(UPDATE).execute(args.addInteger(expected)))
                .map(rows -> rows.size() == 1);
    }
}
