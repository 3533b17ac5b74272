package dev.switchboard.workflows;

import dev.switchboard.platform.db.Db;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Picks the assignee of an assign action: a named user or queue, the next of a list in turn (round robin,
 * one counter per workflow step, safe across nodes), or the one with the fewest open records of the
 * run's type (least loaded, from the records projection; ties go to the earlier in the list). Users who
 * opted out of automation assignments are never picked.
 */
final class Assignees {

    static final String NEXT_TURN = """
            INSERT INTO workflow_round_robin (tenant_id, workflow_id, position, turn) VALUES ($1, $2, $3, 1)
            ON CONFLICT (tenant_id, workflow_id, position) DO UPDATE SET turn = workflow_round_robin.turn + 1
            RETURNING turn""";

    private final Db db;

    Assignees(Db db) {
        this.db = db;
    }

    /** The pick: a user or a queue, or why nobody. */
    record Choice(String mode, UUID userId, UUID queueId, String skipped) {
        JsonObject toJson() {
            return new JsonObject().put("mode", mode).put("userId", userId == null ? null : userId.toString())
                    .put("queueId", queueId == null ? null : queueId.toString());
        }
    }

    Future<Choice> choose(UUID tenantId, Run run, int position, JsonObject step) {
        String mode = step.getString("mode");
        if ("queue".equals(mode)) {
            return Future.succeededFuture(new Choice(mode, null, UUID.fromString(step.getString("queueId")), null));
        }
        List<UUID> listed = "user".equals(mode) ? List.of(UUID.fromString(step.getString("userId")))
                : step.getJsonArray("userIds").stream().map(u -> UUID.fromString((String) u)).distinct().toList();
        return db.inTenant(tenantId, conn -> OptOuts.optedOut(conn, tenantId, listed, OptOuts.ASSIGNMENTS).compose(out -> {
            List<UUID> candidates = listed.stream().filter(u -> !out.contains(u)).toList();
            if (candidates.isEmpty()) {
                return Future.succeededFuture(new Choice(mode, null, null, "every candidate opted out of automation assignments"));
            }
            return switch (mode) {
                case "round_robin" -> nextTurn(conn, tenantId, run.workflowId(), position)
                        .map(turn -> new Choice(mode, candidates.get((int) ((turn - 1) % candidates.size())), null, null));
                case "least_loaded" -> RecordStore.load(conn, tenantId, run.entityType(), candidates)
                        .map(load -> new Choice(mode, leastLoaded(candidates, load), null, null));
                default -> Future.succeededFuture(new Choice(mode, candidates.get(0), null, null));
            };
        }));
    }

    private static UUID leastLoaded(List<UUID> candidates, Map<UUID, Long> load) {
        UUID best = candidates.get(0);
        for (UUID c : candidates) {
            if (load.getOrDefault(c, 0L) < load.getOrDefault(best, 0L)) {
                best = c;
            }
        }
        return best;
    }

    private static Future<Long> nextTurn(SqlConnection conn, UUID tenantId, UUID workflowId, int position) {
        return conn.preparedQuery(NEXT_TURN).execute(Tuple.of(tenantId, workflowId, position))
                .map(rows -> rows.iterator().next().getLong("turn"));
    }
}
