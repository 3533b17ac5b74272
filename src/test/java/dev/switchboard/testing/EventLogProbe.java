package dev.switchboard.testing;

import dev.switchboard.platform.config.DatabaseUrl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the event log and its work consumers stand, read by the superuser: events still without a position,
 * checkpoints behind events a consumer must act on, parked events, and the consumers' lag as a node reports it
 * on {@code /metrics}.
 *
 * <p>A consumer moves its stored checkpoint only in a transaction that applies something, so past a run of events
 * it does not act on its checkpoint stays where it was (it skips them again after a restart); hence "behind" is
 * judged against the events each consumer must act on, not against the newest position of the shard.
 */
public final class EventLogProbe {

    /**
     * The work consumers of the log, by name, with the event types it must act on (null: every event but the log's
     * internal ones, of tenants with webhook endpoints); the first four must report on {@code /metrics}.
     */
    public static final Map<String, Set<String>> CONSUMERS = consumers();

    private static final Pattern LAG = Pattern.compile(
            "^switchboard_events_consumer_lag_events\\{consumer=\"([^\"]+)\",?\\}\\s+(\\S+)$", Pattern.MULTILINE);

    private final DatabaseUrl db;

    public EventLogProbe(DatabaseUrl db) {
        this.db = db;
    }

    private static Map<String, Set<String>> consumers() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        m.put("notifications", Set.of("task.created"));
        m.put("timeline", Set.of("task.created", "note.created", "case.created", "case.status_changed", "message.received",
                "conversation.created", "workflow.run_completed", "workflow.run_failed"));
        m.put("workflows", Set.of("task.created", "case.created", "case.status_changed", "message.received", "webhook.received"));
        m.put("webhooks.outbound", null);
        m.put("webhooks.inbound", Set.of("internal.webhook_inbox.received"));
        return m;
    }

    /** The shard count the log was created with. */
    public int shards() {
        return (int) TestDatabase.queryLong(db, "SELECT coalesce(shards, 0) FROM event_log_state");
    }

    public long unpositioned() {
        return TestDatabase.queryLong(db, "SELECT count(*) FROM outbox WHERE position IS NULL");
    }

    public long parked() {
        return TestDatabase.queryLong(db, "SELECT count(*) FROM parked_events");
    }

    /**
     * For each consumer and shard whose stored checkpoint is below an event of that shard the consumer must act on:
     * a line saying so. Empty when every consumer passed every such event. Only tenants with an enabled webhook
     * endpoint count for the outbound fan-out (it skips the others without a transaction).
     */
    public List<String> behind() {
        List<String> out = new ArrayList<>();
        int shards = shards();
        if (shards == 0) {
            out.add("the event log has no shard count yet");
            return out;
        }
        Map<String, Long> checkpoints = new HashMap<>();
        try (Connection c = TestDatabase.connect(db);
             PreparedStatement st = c.prepareStatement("SELECT consumer, shard, position FROM event_checkpoints");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                checkpoints.put(rs.getString(1) + "/" + rs.getInt(2), rs.getLong(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        for (Map.Entry<String, Set<String>> consumer : CONSUMERS.entrySet()) {
            String sql = "SELECT event_shard(o.tenant_id, ?) AS shard, max(o.position), count(*) FROM outbox o "
                    + "WHERE o.position IS NOT NULL "
                    + (consumer.getValue() == null
                            ? "AND o.tenant_id IN (SELECT tenant_id FROM webhook_endpoints WHERE enabled) AND o.type NOT LIKE 'internal.%' "
                            : "AND o.type = ANY (?) ")
                    + "GROUP BY 1 ORDER BY 1";
            try (Connection c = TestDatabase.connect(db); PreparedStatement st = c.prepareStatement(sql)) {
                st.setInt(1, shards);
                if (consumer.getValue() != null) {
                    st.setArray(2, c.createArrayOf("text", consumer.getValue().toArray()));
                }
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        int shard = rs.getInt(1);
                        long max = rs.getLong(2);
                        Long checkpoint = checkpoints.get(consumer.getKey() + "/" + shard);
                        if (checkpoint == null || checkpoint < max) {
                            out.add(consumer.getKey() + " in shard " + shard + " at " + checkpoint + ", below position " + max);
                        }
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** {@code switchboard_events_consumer_lag_events} by consumer, from a Prometheus scrape. */
    public static Map<String, Double> lag(String scrape) {
        Map<String, Double> lag = new HashMap<>();
        Matcher m = LAG.matcher(scrape);
        while (m.find()) {
            lag.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return lag;
    }

    /** True when the scrape lists the four event consumers, and every consumer it lists has a lag of zero. */
    public static boolean caughtUp(String scrape) {
        Map<String, Double> lag = lag(scrape);
        return CONSUMERS.keySet().stream().limit(4).allMatch(lag::containsKey) && lag.values().stream().allMatch(v -> v == 0.0);
    }
}
