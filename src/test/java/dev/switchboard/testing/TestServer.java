package dev.switchboard.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.app.Application;
import dev.switchboard.platform.config.AppConfig;
import dev.switchboard.platform.config.ConfigLoader;
import dev.switchboard.platform.config.DatabaseUrl;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The real server on a loopback port over its own fresh database, configured like production except
 * for generous rate limits (tests that check limits pass their own) and a fast outbox poll. Every
 * documented response a test receives through {@link #http} is validated against the server's own
 * OpenAPI document.
 */
public final class TestServer implements AutoCloseable {

    public final Application app;
    public final DatabaseUrl db;
    public final Http http;
    public final int port;

    public final OpenApiContract openApi;

    private TestServer(Application app, DatabaseUrl db, int port) {
        this.app = app;
        this.db = db;
        this.port = port;
        this.http = new Http(port);
        this.openApi = OpenApiContract.of(http.get("/api/v1/openapi.json", null).json());
        this.http.validateAgainst(openApi);
    }

    public static TestServer start() {
        return start(Map.of());
    }

    /** @param env {@code SWITCHBOARD_*} settings overriding the test defaults */
    public static TestServer start(Map<String, String> env) {
        return start(env, java.time.Clock.systemUTC());
    }

    /** @param clock drives the job queue's schedule: a {@link MutableClock} compresses hours of retries into a test */
    public static TestServer start(Map<String, String> env, java.time.Clock clock) {
        return startOn(TestDatabase.newDatabase(), env, clock);
    }

    /** Another server on an existing database, as a second node of a cluster. */
    public static TestServer startOn(DatabaseUrl db, Map<String, String> env) {
        return startOn(db, env, java.time.Clock.systemUTC());
    }

    private static TestServer startOn(DatabaseUrl db, Map<String, String> env, java.time.Clock clock) {
        int port = freePort();
        Map<String, String> settings = new HashMap<>();
        settings.put("SWITCHBOARD_HTTP_PORT", Integer.toString(port));
        settings.put("SWITCHBOARD_HTTP_HOST", "127.0.0.1");
        settings.put("SWITCHBOARD_HTTP_INSTANCES", "2");
        settings.put("SWITCHBOARD_DB_URL", db.toUri());
        settings.put("SWITCHBOARD_DB_POOL_SIZE", "8");
        settings.put("SWITCHBOARD_LIMITS_LOGIN_PER_MINUTE", "100000");
        settings.put("SWITCHBOARD_LIMITS_REGISTER_PER_MINUTE", "100000");
        settings.put("SWITCHBOARD_LIMITS_PASSWORD_RESET_PER_HOUR", "100000");
        settings.put("SWITCHBOARD_LIMITS_USER_REQUESTS", "1000000");
        settings.put("SWITCHBOARD_LIMITS_ORGANIZATION_REQUESTS", "10000000");
        settings.put("SWITCHBOARD_OUTBOX_POLL_INTERVAL", "50ms");
        settings.put("SWITCHBOARD_JOBS_POLL_INTERVAL", "50ms");
        // the test receivers (webhooks, email and lead providers) listen on loopback
        settings.put("SWITCHBOARD_OUTBOUND_ALLOW_PRIVATE", "127.0.0.0/8,::1,localhost");
        // no test reaches a real AI provider: tests of AI assist point these at their stub
        settings.put("SWITCHBOARD_AI_ANTHROPIC_BASE_URL", "https://anthropic.invalid");
        settings.put("SWITCHBOARD_AI_OPENAI_BASE_URL", "https://openai.invalid/v1");
        // uploaded files go to a directory of this server's own
        settings.put("SWITCHBOARD_ATTACHMENTS_DIR", attachmentsDir().toString());
        settings.putAll(env);
        AppConfig config = ConfigLoader.load(Map.of(), settings);
        try {
            return new TestServer(Application.start(config, clock), db, port);
        } catch (Exception e) {
            throw new IllegalStateException("test server did not start", e);
        }
    }

    /** Registers a new organization with its admin; every call makes a distinct tenant. */
    public Account register(String organizationName) {
        return register(http, organizationName);
    }

    /** Registers a new organization with its admin through {@code http}, on any server. */
    public static Account register(Http http, String organizationName) {
        String email = "admin-" + UUID.randomUUID() + "@example.test";
        Http.Response r = http.post("/api/v1/auth/register", new JsonObject()
                .put("organizationName", organizationName)
                .put("email", email)
                .put("password", Account.PASSWORD)
                .put("fullName", organizationName + " Admin"), null);
        assertEquals(201, r.status(), r::toString);
        return Account.of(r.json(), email);
    }

    /** Invites {@code role} into {@code admin}'s organization and accepts the invite. */
    public Account invite(Account admin, String role) {
        String email = role + "-" + UUID.randomUUID() + "@example.test";
        Http.Response invite = http.post("/api/v1/invites", new JsonObject().put("email", email).put("role", role), admin.accessToken());
        assertEquals(201, invite.status(), invite::toString);
        Http.Response accepted = http.post("/api/v1/invites/accept", new JsonObject()
                .put("token", invite.json().getString("token"))
                .put("fullName", "Invited " + role)
                .put("password", Account.PASSWORD), null);
        assertEquals(201, accepted.status(), accepted::toString);
        return Account.of(accepted.json(), email);
    }

    /** A new contact in {@code owner}'s organization, owned by them; returns its id. */
    public String createContact(Account owner) {
        Http.Response r = http.post("/api/v1/contacts", new JsonObject().put("firstName", "Casey").put("lastName", "Contact")
                .put("email", "contact-" + UUID.randomUUID() + "@example.test"), owner.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json().getString("id");
    }

    /** A new case in {@code owner}'s organization; returns its id. */
    public String createCase(Account owner) {
        Http.Response r = http.post("/api/v1/cases", new JsonObject().put("title", "Case " + UUID.randomUUID()), owner.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json().getString("id");
    }

    /**
     * Links a portal customer to a new contact of their organization, created and owned by
     * {@code contactOwner}, and returns the contact's id. Call before the customer's first request:
     * access is cached briefly.
     */
    public UUID linkCustomer(Account contactOwner, Account customer) {
        UUID contact = UUID.fromString(createContact(contactOwner));
        assertEquals(1, TestDatabase.update(db, "UPDATE users SET contact_id = ?::uuid WHERE id = ?::uuid",
                contact.toString(), customer.userId()));
        return contact;
    }

    /** The domain events recorded for {@code entityId}, oldest first: each {@code {type, tenantId, payload}}. */
    public java.util.List<JsonObject> events(String entityId) {
        java.util.List<JsonObject> out = new java.util.ArrayList<>();
        try (java.sql.Connection c = TestDatabase.connect(db);
             java.sql.PreparedStatement st = c.prepareStatement("SELECT type, tenant_id::text, payload::text FROM outbox "
                     + "WHERE payload->>'entityId' = ? ORDER BY seq")) {
            st.setString(1, entityId);
            try (java.sql.ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new JsonObject().put("type", rs.getString(1)).put("tenantId", rs.getString(2))
                            .put("payload", new JsonObject(rs.getString(3))));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** This server's name in the event log's node liveness (live from its start until it stops). */
    public String liveNode() {
        return app.node();
    }

    /** Stops the server and fails if any event loop was reported blocked while tests ran. */
    /**
     * Waits until every work consumer of the event log has applied every event committed so far (the relay has
     * positioned them all and each consumer has passed them); fails after 10 s.
     */
    public void awaitEventsApplied() {
        Eventually.await(() -> {
            try {
                String unpositioned;
                try (java.sql.Connection c = TestDatabase.connect(db); java.sql.Statement st = c.createStatement();
                     java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM outbox WHERE position IS NULL")) {
                    rs.next();
                    unpositioned = rs.getString(1);
                }
                return "0".equals(unpositioned)
                        && app.eventsApplied().toCompletionStage().toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, java.time.Duration.ofSeconds(10), "every committed event applied");
    }

    @Override
    public void close() {
        http.close();
        openApi.close();
        app.close();
        assertEquals(0, BlockedThreadWatch.warnings(), () -> "blocked thread: " + BlockedThreadWatch.lastWarning());
    }

    private static java.nio.file.Path attachmentsDir() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("switchboard-attachments-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
