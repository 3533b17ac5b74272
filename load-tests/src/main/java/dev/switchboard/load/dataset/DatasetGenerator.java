package dev.switchboard.load.dataset;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Fills N organizations of a running server with loginable users and realistic records, fast: each
 * organization and its first admin are registered through the API (so the server set them up itself), its
 * default pipeline is created by listing pipelines, and everything else is streamed in with COPY as the
 * database superuser, in one transaction per organization. Writes a credentials CSV the simulations and
 * the REST bench read.
 *
 * <p>Usage: {@code DatasetGenerator --base-url http://localhost:8191 --data-dir ../data --tenants 10
 * --cases 10000 [--users 20] [--out target/dataset/credentials.csv]}.
 */
public final class DatasetGenerator {

    /** The password of every generated user; Argon2id hashes it once, at registration, and the hash is reused. */
    static final String DEFAULT_PASSWORD = "load-test-Passw0rd!";

    private final Options options;
    private final HttpClient http = HttpClient.newHttpClient();

    private DatasetGenerator(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        long start = System.nanoTime();
        List<String> credentials = new DatasetGenerator(options).run();
        Files.createDirectories(options.out().toAbsolutePath().getParent());
        Files.write(options.out(), credentials);
        System.out.printf("dataset ready: %d tenants, %d cases each, %d users in %s (%.1f s)%n", options.tenants(),
                options.cases(), credentials.size() - 1, options.out(), (System.nanoTime() - start) / 1e9);
    }

    private List<String> run() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("tenantId,userId,email,password,role");
        try (Connection db = DriverManager.getConnection(options.jdbcUrl())) {
            db.setAutoCommit(false);
            for (int t = 0; t < options.tenants(); t++) {
                long tenantStart = System.nanoTime();
                Registered org = register(t);
                UUID pipeline = defaultPipeline(org.accessToken());
                TenantData data = new TenantData(org.tenantId(), org.adminId(), pipeline, passwordHash(db, org), options, t);
                data.write(db);
                db.commit();
                lines.add(line(org.tenantId(), org.adminId(), org.email(), "admin"));
                data.users().forEach(u -> lines.add(line(org.tenantId(), u.id(), u.email(), u.role())));
                System.out.printf("tenant %d/%d %s filled in %.1f s%n", t + 1, options.tenants(), org.tenantId(),
                        (System.nanoTime() - tenantStart) / 1e9);
            }
            try (var st = db.createStatement()) {
                db.setAutoCommit(true);
                st.execute("VACUUM ANALYZE");
            }
        }
        return lines;
    }

    private String line(UUID tenantId, UUID userId, String email, String role) {
        return tenantId + "," + userId + "," + email + "," + options.password() + "," + role;
    }

    private Registered register(int index) throws IOException, InterruptedException {
        String email = "admin-" + options.runId() + "-t" + index + "@load.test";
        JsonObject body = new JsonObject()
                .put("organizationName", "Load " + options.runId() + " " + index)
                .put("email", email)
                .put("password", options.password())
                .put("fullName", "Admin " + index);
        JsonObject session = send(HttpRequest.newBuilder(URI.create(options.baseUrl() + "/api/v1/auth/register"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())), 201);
        return new Registered(UUID.fromString(session.getJsonObject("organization").getString("id")),
                UUID.fromString(session.getJsonObject("user").getString("id")), email, session.getString("accessToken"));
    }

    private UUID defaultPipeline(String token) throws IOException, InterruptedException {
        JsonObject page = send(HttpRequest.newBuilder(URI.create(options.baseUrl() + "/api/v1/pipelines"))
                .header("Authorization", "Bearer " + token).GET(), 200);
        return UUID.fromString(page.getJsonArray("items").getJsonObject(0).getString("id"));
    }

    /** Sends {@code request}, waiting out rate limits (registration allows a few per minute unless configured otherwise). */
    private JsonObject send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        while (response.statusCode() == 429) {
            long wait = response.headers().firstValueAsLong("Retry-After").orElse(10);
            System.out.printf("rate limited by the server, retrying in %d s (SWITCHBOARD_LIMITS_REGISTER_PER_MINUTE raises it)%n", wait);
            Thread.sleep(wait * 1000 + 200);
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        if (response.statusCode() != expected) {
            throw new IllegalStateException(response.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return new JsonObject(response.body());
    }

    private static String passwordHash(Connection db, Registered org) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("SELECT password_hash FROM users WHERE tenant_id = ? AND id = ?")) {
            st.setObject(1, org.tenantId());
            st.setObject(2, org.adminId());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private record Registered(UUID tenantId, UUID adminId, String email, String accessToken) {
    }

    /** Command-line options, with defaults for the documented benchmark. */
    record Options(String baseUrl, String jdbcUrl, int tenants, int cases, int users, Path out, String password, String runId) {

        static Options parse(String[] args) throws IOException {
            String baseUrl = "http://localhost:8080";
            String jdbcUrl = null;
            Path dataDir = Path.of("data");
            int tenants = 10;
            int cases = 10_000;
            int users = 20;
            Path out = Path.of("target/dataset/credentials.csv");
            String password = DEFAULT_PASSWORD;
            String runId = Long.toString(System.currentTimeMillis() / 1000 % 1_000_000_000L, 36);
            for (int i = 0; i + 1 < args.length; i += 2) {
                String v = args[i + 1];
                switch (args[i]) {
                    case "--base-url" -> baseUrl = v.replaceAll("/+$", "");
                    case "--db-url" -> jdbcUrl = v;
                    case "--data-dir" -> dataDir = Path.of(v);
                    case "--tenants" -> tenants = Integer.parseInt(v);
                    case "--cases" -> cases = Integer.parseInt(v);
                    case "--users" -> users = Integer.parseInt(v);
                    case "--out" -> out = Path.of(v);
                    case "--password" -> password = v;
                    case "--run-id" -> runId = v;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (users < 4) {
                throw new IllegalArgumentException("--users must be at least 4 (admin, manager, viewer, agent)");
            }
            if (jdbcUrl == null) {
                jdbcUrl = embeddedJdbcUrl(dataDir);
            }
            return new Options(baseUrl, jdbcUrl, tenants, cases, users, out, password, runId);
        }

        /** The embedded server's superuser address, from the port in its {@code postmaster.pid}. */
        private static String embeddedJdbcUrl(Path dataDir) throws IOException {
            Path pid = dataDir.resolve("postgres").resolve("postmaster.pid");
            if (!Files.exists(pid)) {
                throw new IllegalArgumentException("no running embedded database under " + dataDir.toAbsolutePath()
                        + " (start the server first, or pass --db-url jdbc:postgresql://host:port/db?user=...&password=...)");
            }
            String port = Files.readAllLines(pid).get(3).trim();
            return "jdbc:postgresql://localhost:" + port + "/switchboard?user=postgres";
        }
    }
}
