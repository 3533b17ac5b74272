package dev.switchboard.cases;

import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Case counts for one caller, restricted by {@link CaseVisibility}. Weeks (ISO, from Monday) and months start
 * at midnight in the organization's own timezone, read from {@code organizations} by its id.
 */
final class CaseStatsStore {

    static final String BY_STAGE = "SELECT c.stage, count(*)::int AS n FROM cases c WHERE c.tenant_id = $1 AND c.archived_at IS NULL AND "
            + CaseVisibility.predicate(2) + " GROUP BY c.stage ORDER BY c.stage";
    static final String BY_OWNER = "SELECT c.owner_user_id, CASE WHEN c.owner_user_id IS NULL THEN c.owner_queue_id END AS owner_queue_id, "
            + "count(*)::int AS n FROM cases c WHERE c.tenant_id = $1 AND c.archived_at IS NULL AND " + CaseVisibility.predicate(2)
            + " GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2";
    static final String CREATED = """
            WITH zone AS (SELECT o.timezone AS tz, now() AT TIME ZONE o.timezone AS local_now FROM organizations o WHERE o.id = $1)
            SELECT zone.tz,
                count(c.id) FILTER (WHERE c.created_at >= date_trunc('week', zone.local_now) AT TIME ZONE zone.tz)::int AS week,
                count(c.id) FILTER (WHERE c.created_at >= date_trunc('month', zone.local_now) AT TIME ZONE zone.tz)::int AS month,
                count(c.id)::int AS total
            FROM zone LEFT JOIN cases c ON c.tenant_id = $1 AND\s""" + CaseVisibility.predicate(2) + " GROUP BY zone.tz";

    private CaseStatsStore() {
    }

    static Future<CaseStats> stats(SqlConnection conn, Principal p) {
        Tuple params = CaseVisibility.bind(Tuple.of(p.tenantId()), p);
        return conn.preparedQuery(BY_STAGE).execute(params).compose(stageRows -> {
            Map<String, Integer> byStage = new LinkedHashMap<>();
            stageRows.forEach(row -> byStage.put(row.getString("stage"), row.getInteger("n")));
            return conn.preparedQuery(BY_OWNER).execute(params).compose(ownerRows -> {
                List<CaseStats.OwnerCount> byOwner = new ArrayList<>();
                ownerRows.forEach(row -> byOwner.add(new CaseStats.OwnerCount(row.getUUID("owner_user_id"),
                        row.getUUID("owner_queue_id"), row.getInteger("n"))));
                return conn.preparedQuery(CREATED).execute(params).map(rows -> {
                    Row row = rows.iterator().next();
                    return new CaseStats(byStage, byOwner, row.getInteger("week"), row.getInteger("month"), row.getInteger("total"),
                            row.getString("tz"));
                });
            });
        });
    }
}
