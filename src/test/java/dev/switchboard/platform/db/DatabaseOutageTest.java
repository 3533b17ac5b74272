package dev.switchboard.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.platform.config.DatabaseUrl;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database goes away under load and comes back: requests in between answer 503 problem+json with
 * {@code Retry-After} within the request timeout, readiness reports down, and afterwards the server serves again,
 * every acknowledged write is there and the event consumers have caught up.
 */
class DatabaseOutageTest {

    /** The request timeout the server under test runs with; no answer may take much longer. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final int CLIENTS = 6;

    @TempDir
    Path dataDir;

    private final int pgPort = freePort();
    private EmbeddedPostgres postgres;
    private TestServer server;
    private final AtomicBoolean running = new AtomicBoolean(true);

    @AfterEach
    void tearDown() throws IOException {
        running.set(false);
        if (server != null) {
            server.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void answers503WithRetryAfterWhileTheDatabaseIsStoppedAndServesAgainAfterwards() throws Exception {
        runOutage(() -> {
            postgres.close(); // pg_ctl stop -m fast: open sessions end with 57P01, new ones are refused
            postgres = null;
        });
    }

    @Test
    void answers503WhenThePostmasterIsKilledAndServesAgainAfterwards() throws Exception {
        runOutage(() -> {
            // SIGQUIT is PostgreSQL's immediate shutdown: sessions end with 57P02 and the next start recovers from the WAL
            long pid = postmasterPid();
            new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).inheritIO().start().waitFor();
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
            postgres.close(); // releases the embedded handle's lock on the data directory; the server is already gone
            postgres = null;
        });
    }

    private void runOutage(Outage outage) throws Exception {
        postgres = startPostgres();
        DatabaseUrl url = new DatabaseUrl("localhost", pgPort, "postgres", "postgres", null);
        server = TestServer.startOn(url, Map.of("SWITCHBOARD_HTTP_REQUEST_TIMEOUT", REQUEST_TIMEOUT.toMillis() + "ms"));
        Account admin = server.register("Outage Florist");

        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            boolean writer = i % 2 == 0;
            Thread client = new Thread(() -> {
                while (running.get()) {
                    outcomes.add(writer ? createContact(admin) : listContacts(admin));
                }
            }, "outage-client-" + i);
            client.start();
            clients.add(client);
        }
        Eventually.await(() -> outcomes.stream().anyMatch(o -> o.status == 201), Duration.ofSeconds(20), "writes before the outage");

        outage.run();
        Eventually.await(() -> server.http.get("/health/ready", null).status() == 503, Duration.ofSeconds(10),
                "readiness to report the database down");
        int before = outcomes.size();
        Eventually.await(() -> outcomes.stream().skip(before).filter(o -> o.status == 503).count() >= 10,
                Duration.ofSeconds(20), "requests during the outage to be answered");

        postgres = startPostgres();
        Eventually.await(() -> server.http.get("/health/ready", null).status() == 200, Duration.ofSeconds(30),
                "readiness after the database is back");
        int after = outcomes.size();
        Eventually.await(() -> outcomes.stream().skip(after).filter(o -> o.status == 201).count() >= 5,
                Duration.ofSeconds(30), "writes to succeed again after the outage");
        running.set(false);
        for (Thread client : clients) {
            client.join(TimeUnit.SECONDS.toMillis(REQUEST_TIMEOUT.toSeconds() + 10));
            assertFalse(client.isAlive(), "a client is still waiting for an answer");
        }

        List<Outcome> all = List.copyOf(outcomes);
        List<Outcome> unexpected = all.stream().filter(o -> o.status != 200 && o.status != 201 && o.status != 503).toList();
        assertTrue(unexpected.isEmpty(), () -> "only 2xx and 503 during an outage, got " + unexpected.stream().limit(5).toList());
        List<Outcome> unavailable = all.stream().filter(o -> o.status == 503).toList();
        assertFalse(unavailable.isEmpty(), "the outage was seen by requests");
        for (Outcome o : unavailable) {
            assertEquals("application/problem+json", o.contentType, o::toString);
            assertTrue(o.retryAfter != null && o.retryAfter.matches("[1-9][0-9]*"), () -> "Retry-After in seconds: " + o);
            assertEquals(503, o.problemStatus, o::toString);
        }
        long slowest = all.stream().mapToLong(o -> o.millis).max().orElse(0);
        assertTrue(slowest <= REQUEST_TIMEOUT.toMillis() + 2_000, () -> "slowest answer took " + slowest + " ms");

        List<String> acknowledged = all.stream().filter(o -> o.status == 201).map(o -> o.id).toList();
        long stored = TestDatabase.queryLong(url, "SELECT count(*) FROM contacts WHERE id = ANY(?::uuid[])",
                (Object) acknowledged.toArray(String[]::new));
        assertEquals(acknowledged.size(), stored, "every acknowledged write is stored");
        server.awaitEventsApplied(); // the relay and the work consumers survived the outage and caught up
    }

    private Outcome createContact(Account admin) {
        JsonObject body = new JsonObject().put("firstName", "Outage").put("lastName", "Contact")
                .put("email", "outage-" + UUID.randomUUID() + "@example.test");
        return send(HttpMethod.POST, "/api/v1/contacts", admin, body);
    }

    private Outcome listContacts(Account admin) {
        return send(HttpMethod.GET, "/api/v1/contacts?limit=5", admin, null);
    }

    private Outcome send(HttpMethod method, String path, Account admin, JsonObject body) {
        long start = System.nanoTime();
        Http.Response r;
        try {
            r = server.http.sendAsync(method, path, admin.accessToken(), body == null ? null : body.toBuffer(), Map.of())
                    .get(REQUEST_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return new Outcome(-1, null, null, 0, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), null);
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path, e);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        JsonObject json = r.body().length() > 0 && r.contentType() != null && r.contentType().contains("json") ? r.json() : new JsonObject();
        return new Outcome(r.status(), r.contentType(), r.header("Retry-After"), json.getInteger("status", 0), millis,
                r.status() == 201 ? json.getString("id") : null);
    }

    private EmbeddedPostgres startPostgres() throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir.resolve("postgres"))
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPort(pgPort)
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("max_connections", "100")
                // the embedded default is off, which may lose the last commits in a crash; production runs with it on
                .setServerConfig("synchronous_commit", "on")
                .start();
    }

    private long postmasterPid() throws IOException {
        return Long.parseLong(java.nio.file.Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(0).trim());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    private interface Outage {
        void run() throws Exception;
    }

    private record Outcome(int status, String contentType, String retryAfter, int problemStatus, long millis, String id) {
    }
}
