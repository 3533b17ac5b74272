package dev.switchboard.load.timeline;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Timeline benchmark. {@code generate <baseUrl> <pgPort> <rows> <contacts>}: registers an organization, creates
 * {@code contacts} contacts through the API and fills timeline_entries with SQL (generate_series): 100,000 entries
 * on the first contact, the rest spread over the others. {@code measure <baseUrl> <pgPort> <samples>}: p50/p99 of
 * the first page (cached: one record again and again; uncached: a different record each time) and of a page 1,000
 * entries deep (a cursor computed from the data; cursor pages are never cached), then EXPLAIN (ANALYZE, BUFFERS)
 * of both queries.
 */
public final class TimelineBench {

    private static final Path STATE = Path.of("target/timeline-bench.properties");
    private static final int BIG = 100_000;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        String base = args[1];
        String jdbc = "jdbc:postgresql://localhost:" + args[2] + "/switchboard?user=postgres";
        if (args[0].equals("generate")) {
            generate(base, jdbc, Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        } else {
            measure(base, jdbc, Integer.parseInt(args[3]));
        }
    }

    private static void generate(String base, String jdbc, int rows, int contacts) throws Exception {
        String email = "bench-" + UUID.randomUUID() + "@example.com";
        String password = "bench-password-123";
        String auth = post(base, "/api/v1/auth/register", null, "{\"organizationName\":\"Timeline Bench\",\"email\":\"" + email
                + "\",\"password\":\"" + password + "\",\"fullName\":\"Bench Admin\"}");
        String token = field(auth, "accessToken");
        String tenant = field(auth.substring(auth.indexOf("\"organization\"")), "id");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < contacts; i++) {
            ids.add(field(post(base, "/api/v1/contacts", token, "{\"fullName\":\"Bench Contact " + i + "\"}"), "id"));
        }
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement()) {
            s.execute("SET synchronous_commit = off");
            String insert = """
                    INSERT INTO timeline_entries (tenant_id, record_type, record_id, entry_id, at, type, summary, actor_type, actor_id,
                        entity_type, entity_id, data, source_type, source_id)
                    SELECT '%1$s'::uuid, 'contact', r.id, md5(r.id::text || g)::uuid, now() - g * interval '1 second',
                           'note.created', 'Note added', 'system', NULL, 'note', md5('n' || r.id::text || g)::uuid,
                           jsonb_build_object('body', '<p>generated ' || g || '</p>', 'visibility', 'org'),
                           'contact', r.id
                    FROM %2$s, generate_series(1, %3$d) g""";
            s.execute(insert.formatted(tenant, "(SELECT '" + ids.get(0) + "'::uuid AS id) r", BIG));
            int perContact = Math.max(1, (rows - BIG) / Math.max(1, contacts - 1));
            String others = "(SELECT unnest(ARRAY[" + String.join(",", ids.subList(1, ids.size()).stream().map(i -> "'" + i + "'::uuid").toList())
                    + "]) AS id) r";
            s.execute(insert.formatted(tenant, others, perContact));
            s.execute("ANALYZE timeline_entries");
        }
        System.out.printf("generated %d entries in %.1f s%n", BIG + (long) (rows - BIG) / Math.max(1, contacts - 1) * (contacts - 1),
                (System.nanoTime() - start) / 1e9);
        Properties p = new Properties();
        p.setProperty("email", email);
        p.setProperty("password", password);
        p.setProperty("tenant", tenant);
        p.setProperty("contacts", String.join(",", ids));
        Files.createDirectories(STATE.getParent());
        try (var out = Files.newBufferedWriter(STATE)) {
            p.store(out, "timeline benchmark dataset");
        }
    }

    private static void measure(String base, String jdbc, int samples) throws Exception {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(STATE)) {
            p.load(in);
        }
        String token = field(post(base, "/api/v1/auth/login", null, "{\"email\":\"" + p.getProperty("email") + "\",\"password\":\""
                + p.getProperty("password") + "\"}"), "accessToken");
        List<String> contacts = Arrays.asList(p.getProperty("contacts").split(","));
        String big = contacts.get(0);
        String cursor;
        try (Connection c = DriverManager.getConnection(jdbc);
             PreparedStatement s = c.prepareStatement("SELECT at, entry_id FROM timeline_entries WHERE tenant_id = ?::uuid "
                     + "AND record_type = 'contact' AND record_id = ?::uuid ORDER BY at DESC, entry_id DESC OFFSET 999 LIMIT 1")) {
            s.setString(1, p.getProperty("tenant"));
            s.setString(2, big);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                String raw = r.getTimestamp(1).toInstant() + "|" + r.getString(2);
                cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
            }
        }
        String path = "/api/v1/timeline/contact/";
        for (int i = 0; i < 200; i++) { // warm-up: JIT, connections, prepared statements
            get(base, path + big + "?limit=25&cursor=" + cursor, token);
            get(base, path + big + "?limit=25", token);
        }
        report("first page, cached", samples, i -> get(base, path + big + "?limit=25", token));
        int others = contacts.size() - 1;
        report("first page, uncached (a different record each time)", Math.min(samples, others),
                i -> get(base, path + contacts.get(1 + i) + "?limit=25", token));
        report("page 1,000 deep (cursor; never cached)", samples, i -> get(base, path + big + "?limit=25&cursor=" + cursor, token));
        explain(jdbc, p.getProperty("tenant"), big, cursor);
    }

    private interface Call {
        void run(int i) throws Exception;
    }

    private static void report(String what, int samples, Call call) throws Exception {
        long[] nanos = new long[samples];
        for (int i = 0; i < samples; i++) {
            long t = System.nanoTime();
            call.run(i);
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        System.out.printf("%-55s n=%6d  p50=%7.2f ms  p99=%7.2f ms  max=%7.2f ms%n", what, samples, nanos[samples / 2] / 1e6,
                nanos[(int) Math.min(samples - 1, Math.ceil(samples * 0.99) - 1)] / 1e6, nanos[samples - 1] / 1e6);
    }

    private static void explain(String jdbc, String tenant, String record, String cursor) throws Exception {
        String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        String at = raw.substring(0, raw.indexOf('|'));
        String entry = raw.substring(raw.indexOf('|') + 1);
        String select = "SELECT entry_id, at, type, summary, actor_type, actor_id, entity_type, entity_id, data, source_type, source_id, "
                + "note_visibility, author_user_id, owner_user_id, attendee_user_ids FROM timeline_entries "
                + "WHERE tenant_id = '" + tenant + "' AND record_type = 'contact' AND record_id = '" + record + "' ";
        String order = " ORDER BY at DESC, entry_id DESC LIMIT 25";
        try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement()) {
            for (String sql : List.of(select + order,
                    select + "AND (at, entry_id) < ('" + at + "'::timestamptz, '" + entry + "'::uuid)" + order)) {
                System.out.println("\nEXPLAIN (ANALYZE, BUFFERS) " + sql.replaceAll("SELECT .* FROM", "SELECT … FROM"));
                try (ResultSet r = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
                    while (r.next()) {
                        System.out.println("  " + r.getString(1));
                    }
                }
            }
        }
    }

    private static String post(String base, String path, String token, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(path + " → " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static void get(String base, String path, String token) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " → " + r.statusCode() + " " + r.body());
        }
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
