package dev.switchboard.load.workflows;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Clock-trigger lag and workflow job throughput: registers an organization, enables an
 * {@code appointment.upcoming} workflow (one notify action), then inserts N appointments whose reminders
 * all fall due at the same moment a few seconds ahead, and waits until every run finished. Reports the lag
 * from due time to run start (p50/p99, from the run history) and runs per second.
 *
 * <p>Args: {@code baseUrl jdbcUrl count leadSeconds}; the JDBC URL is the database superuser's (the harness
 * arranges appointments directly, the way the calendar stores them).
 */
public final class ReminderLagBench {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ReminderLagBench() {
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8181";
        String jdbc = args.length > 1 ? args[1] : "jdbc:postgresql://localhost:5432/switchboard?user=postgres";
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int lead = args.length > 3 ? Integer.parseInt(args[3]) : 20;

        String email = "bench-" + UUID.randomUUID() + "@example.test";
        String session = post(base + "/api/v1/auth/register", null, "{\"organizationName\":\"Workflow bench\",\"email\":\"" + email
                + "\",\"password\":\"correct horse battery staple\",\"fullName\":\"Bench Admin\"}");
        String token = field(session, "accessToken");
        String userId = field(session.substring(session.indexOf("\"user\"")), "id");
        String workflow = field(post(base + "/api/v1/workflows", token, "{\"name\":\"Reminder bench\",\"enabled\":true,\"definition\":"
                + "{\"trigger\":{\"type\":\"appointment.upcoming\"},\"actions\":[{\"type\":\"notify\",\"recipients\":[\"" + userId
                + "\"],\"title\":\"Soon\"}]}}"), "id");

        try (Connection db = DriverManager.getConnection(jdbc)) {
            String tenant = one(db, "SELECT tenant_id::text FROM users WHERE id = ?::uuid", userId);
            try (PreparedStatement st = db.prepareStatement("""
                    WITH a AS (
                        INSERT INTO appointments (tenant_id, id, title, starts_at, ends_at, timezone, kind, owner_user_id, reminder_offsets,
                                                  created_by)
                        SELECT ?::uuid, gen_random_uuid(), 'Bench ' || g, now() + make_interval(secs => ?) + interval '1 hour',
                               now() + make_interval(secs => ?) + interval '2 hours', 'UTC', 'meeting', ?::uuid, '{60}', ?::uuid
                        FROM generate_series(1, ?) AS g
                        RETURNING tenant_id, id, starts_at)
                    INSERT INTO appointment_reminders (tenant_id, appointment_id, offset_minutes, fire_at)
                    SELECT tenant_id, id, 60, starts_at - interval '1 hour' FROM a""")) {
                st.setString(1, tenant);
                st.setInt(2, lead);
                st.setInt(3, lead);
                st.setString(4, userId);
                st.setString(5, userId);
                st.setInt(6, count);
                st.executeUpdate();
            }
            System.out.printf("arranged %d reminders due in %d s; waiting for their runs%n", count, lead);
            long deadline = System.nanoTime() + Duration.ofSeconds(lead + 600L).toNanos();
            long done = 0;
            while (done < count && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                done = Long.parseLong(one(db, "SELECT count(*)::text FROM workflow_runs WHERE workflow_id = ?::uuid "
                        + "AND status IN ('succeeded', 'failed')", workflow));
            }
            String stats = one(db, """
                    SELECT concat_ws(' ', count(*),
                        round(percentile_cont(0.5) WITHIN GROUP (ORDER BY lag)::numeric, 3),
                        round(percentile_cont(0.99) WITHIN GROUP (ORDER BY lag)::numeric, 3),
                        round(max(lag)::numeric, 3),
                        round((count(*) / greatest(extract(epoch FROM max(r.finished_at) - min(s.started_at)), 0.001))::numeric, 1),
                        count(*) FILTER (WHERE r.status = 'failed'),
                        count(DISTINCT r.entity_id))
                    FROM workflow_runs r
                    JOIN workflow_run_steps s ON s.tenant_id = r.tenant_id AND s.run_id = r.id AND s.position = 0
                    CROSS JOIN LATERAL (SELECT extract(epoch FROM s.started_at - (r.input->>'dueAt')::timestamptz) AS lag) l
                    WHERE r.workflow_id = ?::uuid""", workflow);
            String[] v = stats.split(" ");
            System.out.printf("runs finished: %s of %d (failed: %s); appointments with a run: %s (a run each: %s)%n", v[0], count,
                    v[5], v[6], v[6].equals(v[0]) && Long.parseLong(v[0]) == count ? "yes" : "NO");
            System.out.printf("lag due -> run start: p50 %s s, p99 %s s, max %s s%n", v[1], v[2], v[3]);
            System.out.printf("workflow runs per second (first step start to last run end): %s%n", v[4]);
        }
    }

    private static String post(String url, String token, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("authorization", "Bearer " + token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    private static String one(Connection db, String sql, String param) throws Exception {
        try (PreparedStatement st = db.prepareStatement(sql)) {
            st.setString(1, param);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
