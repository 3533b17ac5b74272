package dev.switchboard.load.webhooks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

/**
 * After a webhook burst: waits until the inbox has drained (no event left {@code received}, or a timeout), then
 * prints per provider how many events were stored and processed, and the processing lag (receipt to processed)
 * at p50, p99 and max. Args: a JDBC URL of the server's database, and the drain timeout in seconds.
 */
public final class InboxReport {

    private static final String PENDING = "SELECT count(*) FROM webhook_inbox WHERE status = 'received'";
    private static final String REPORT = """
            SELECT provider, status, count(*) AS events,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - received_at)) * 1000 AS p50_ms,
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - received_at)) * 1000 AS p99_ms,
                   max(extract(epoch FROM processed_at - received_at)) * 1000 AS max_ms,
                   extract(epoch FROM max(received_at) - min(received_at)) AS span_s
            FROM webhook_inbox GROUP BY provider, status ORDER BY provider, status""";

    private InboxReport() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Duration timeout = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 120);
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            Instant deadline = Instant.now().plus(timeout);
            long pending;
            do {
                try (ResultSet rs = st.executeQuery(PENDING)) {
                    rs.next();
                    pending = rs.getLong(1);
                }
                if (pending > 0) {
                    Thread.sleep(500);
                }
            } while (pending > 0 && Instant.now().isBefore(deadline));
            System.out.printf("inbox: %d event(s) still waiting for processing%n", pending);
            System.out.printf("%-8s %-11s %9s %10s %10s %10s %8s%n", "provider", "status", "events", "lag p50", "lag p99", "lag max", "span s");
            try (ResultSet rs = st.executeQuery(REPORT)) {
                while (rs.next()) {
                    System.out.printf("%-8s %-11s %9d %8.0fms %8.0fms %8.0fms %8.1f%n", rs.getString("provider"), rs.getString("status"),
                            rs.getLong("events"), rs.getDouble("p50_ms"), rs.getDouble("p99_ms"), rs.getDouble("max_ms"), rs.getDouble("span_s"));
                }
            }
        }
    }
}
