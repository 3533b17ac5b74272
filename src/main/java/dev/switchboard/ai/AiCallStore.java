package dev.switchboard.ai;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.UUID;

/** The organization's AI calls: each one kept, and the tokens spent since a moment. Every statement binds the tenant. */
final class AiCallStore {

    static final String INSERT = """
            INSERT INTO ai_calls (tenant_id, id, feature, prompt_version, provider, model, input_tokens, output_tokens, latency_ms,
                outcome, estimated_cost, user_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)""";
    static final String SPENT_SINCE = """
            SELECT coalesce(sum(input_tokens + output_tokens), 0) AS spent FROM ai_calls WHERE tenant_id = $1 AND created_at >= $2""";

    static final String BY_FEATURE = """
            SELECT feature, outcome, count(*) AS calls, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
                sum(estimated_cost) AS cost
            FROM ai_calls WHERE tenant_id = $1 AND created_at >= $2 GROUP BY feature, outcome ORDER BY feature, outcome""";

    private AiCallStore() {
    }

    static Future<Void> insert(SqlConnection conn, UUID tenantId, AiCall c) {
        return conn.preparedQuery(INSERT).execute(Tuple.from(new Object[] {tenantId, c.id(), c.feature(), c.promptVersion(), c.provider(),
                c.model(), c.inputTokens(), c.outputTokens(), (int) Math.min(Integer.MAX_VALUE, c.latencyMs()), c.outcome(),
                c.estimatedCost(), c.userId()})).mapEmpty();
    }

    /** Calls since {@code since} by feature and outcome: {@code [{feature, outcome, calls, inputTokens, outputTokens, estimatedCostUsd}]}. */
    static Future<io.vertx.core.json.JsonArray> byFeature(SqlConnection conn, UUID tenantId, OffsetDateTime since) {
        return conn.preparedQuery(BY_FEATURE).execute(Tuple.of(tenantId, since)).map(rows -> {
            io.vertx.core.json.JsonArray out = new io.vertx.core.json.JsonArray();
            rows.forEach(r -> out.add(new io.vertx.core.json.JsonObject().put("feature", r.getString("feature"))
                    .put("outcome", r.getString("outcome")).put("calls", r.getLong("calls")).put("inputTokens", r.getLong("input_tokens"))
                    .put("outputTokens", r.getLong("output_tokens"))
                    .put("estimatedCostUsd", r.getBigDecimal("cost") == null ? null : r.getBigDecimal("cost").toPlainString())));
            return out;
        });
    }

    static Future<Long> spentSince(SqlConnection conn, UUID tenantId, OffsetDateTime since) {
        return conn.preparedQuery(SPENT_SINCE).execute(Tuple.of(tenantId, since)).map(rows -> rows.iterator().next().getLong("spent"));
    }
}
