package dev.switchboard.webhooks.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.platform.config.DatabaseUrl;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.webhooks.outbound.WebhookSignature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Crash safety: the server runs in a forked JVM; events are acknowledged while the providers' APIs hang (so no
 * processing can finish), the JVM is killed with {@code kill -9}, and a restart on the same database processes
 * every acknowledged event exactly once.
 */
class CrashSafetyTest {

    private static final String APP_SECRET = "meta-app-secret-for-crash";
    private static final int LEADS = 8;
    private static final int EMAILS = 4;

    @Test
    void everyAcknowledgedEventIsProcessedExactlyOnceAfterAKill9() throws Exception {
        DatabaseUrl db = TestDatabase.newDatabase();
        try (ProviderStub stub = new ProviderStub()) {
            stub.holding(true);
            Map<String, String> env = env(db, stub);
            Process first = startServer(env, "crash-first");
            String tenant;
            List<String> eventIds = new ArrayList<>();
            try (Http http = new Http(Integer.parseInt(env.get("SWITCHBOARD_HTTP_PORT")))) {
                awaitReady(http, first);
                JsonObject session = http.post("/api/v1/auth/register", new JsonObject().put("organizationName", "Crash Org")
                        .put("email", "crash-" + UUID.randomUUID() + "@example.test").put("password", "correct horse battery staple")
                        .put("fullName", "Crash Admin"), null).json();
                tenant = session.getJsonObject("organization").getString("id");
                String token = session.getString("accessToken");
                String page = MetaLeadEffectsTest.numericId();
                assertEquals(201, http.post("/api/v1/meta-pages", new JsonObject().put("pageId", page), token).status());
                assertEquals(200, http.patch("/api/v1/integrations", new JsonObject().put("metaPageAccessToken", ProviderStub.PAGE_TOKEN)
                        .put("resendApiKey", ProviderStub.RESEND_KEY).put("version", 0), token).status());
                String secret = WebhookSignature.newSecret();
                assertEquals(201, http.post("/api/v1/resend-signing-secrets", new JsonObject().put("secret", secret), token).status());

                for (int i = 0; i < LEADS; i++) {
                    String lead = MetaLeadEffectsTest.numericId();
                    stub.lead(lead, MetaLeadEffectsTest.graphLead("crash-lead-" + i + "@example.test", "Crash Lead " + i, "cmp-" + i));
                    String body = MetaLeadEffectsTest.leadgen(page, lead);
                    Map<String, String> signature = Map.of("X-Hub-Signature-256", MetaSignature.sign(APP_SECRET, body.getBytes(StandardCharsets.UTF_8)));
                    for (int copy = 0; copy < 2; copy++) {
                        assertEquals(200, http.send(HttpMethod.POST, "/webhooks/meta", null, Buffer.buffer(body), signature).status());
                    }
                    eventIds.add(lead);
                }
                for (int i = 0; i < EMAILS; i++) {
                    String emailId = UUID.randomUUID().toString();
                    String sender = "crash-sender-" + i + "@example.test";
                    stub.email(emailId, ResendEffectsTest.receivedEmail("Sender " + i + " <" + sender + ">", "Crash " + i, "Body " + i,
                            "<crash-" + UUID.randomUUID() + "@mail.example.test>", new JsonObject()));
                    String body = ResendEffectsTest.received(emailId, sender);
                    String id = "msg_" + UUID.randomUUID();
                    long now = Instant.now().getEpochSecond();
                    assertEquals(200, http.send(HttpMethod.POST, "/webhooks/resend", null, Buffer.buffer(body), Map.of("svix-id", id,
                            "svix-timestamp", Long.toString(now), "svix-signature", WebhookSignature.sign(secret, id, now, body))).status());
                    eventIds.add(id);
                }
                Eventually.await(() -> stub.calls() > 0, Duration.ofSeconds(20), "processing started and hangs at the provider");
            } finally {
                first.destroyForcibly();
                assertTrue(first.waitFor(30, TimeUnit.SECONDS));
            }
            assertEquals(LEADS + EMAILS, count(db, "SELECT count(*) FROM webhook_inbox WHERE tenant_id = ?::uuid AND status = 'received'", tenant));
            assertEquals(0, count(db, "SELECT count(*) FROM cases WHERE tenant_id = ?::uuid", tenant), "nothing was processed before the kill");

            stub.holding(false);
            env.put("SWITCHBOARD_HTTP_PORT", Integer.toString(freePort()));
            Process second = startServer(env, "crash-second");
            try {
                Eventually.await(() -> count(db, "SELECT count(*) FROM webhook_inbox WHERE tenant_id = ?::uuid AND status = 'processed'",
                        tenant) == LEADS + EMAILS, Duration.ofSeconds(60), "every acknowledged event processed after the restart");
                for (String eventId : eventIds) {
                    assertEquals(1, count(db, "SELECT count(*) FROM webhook_inbox WHERE tenant_id = ?::uuid AND event_id = ? AND status = 'processed'",
                            tenant, eventId), eventId);
                }
                assertEquals(LEADS, count(db, "SELECT count(*) FROM cases WHERE tenant_id = ?::uuid AND source = 'meta'", tenant));
                assertEquals(LEADS, count(db, "SELECT count(*) FROM outbox WHERE tenant_id = ?::uuid AND type = 'lead.received'", tenant));
                assertEquals(EMAILS, count(db, "SELECT count(*) FROM messages WHERE tenant_id = ?::uuid AND direction = 'inbound'", tenant));
                assertEquals(EMAILS, count(db, "SELECT count(*) FROM outbox WHERE tenant_id = ?::uuid AND type = 'message.received'", tenant));
                assertEquals(EMAILS, count(db, "SELECT count(*) FROM contacts WHERE tenant_id = ?::uuid AND email LIKE 'crash-sender-%'", tenant));
                assertEquals(EMAILS, count(db, "SELECT count(*) FROM conversations WHERE tenant_id = ?::uuid", tenant));
            } finally {
                second.destroyForcibly();
                second.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Map<String, String> env(DatabaseUrl db, ProviderStub stub) {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        Map<String, String> env = new HashMap<>();
        env.put("SWITCHBOARD_HTTP_PORT", Integer.toString(freePort()));
        env.put("SWITCHBOARD_HTTP_HOST", "127.0.0.1");
        env.put("SWITCHBOARD_HTTP_INSTANCES", "1");
        env.put("SWITCHBOARD_DB_URL", db.toUri());
        env.put("SWITCHBOARD_DB_POOL_SIZE", "4");
        env.put("SWITCHBOARD_LIMITS_REGISTER_PER_MINUTE", "1000");
        env.put("SWITCHBOARD_JOBS_POLL_INTERVAL", "50ms");
        env.put("SWITCHBOARD_JOBS_VISIBILITY_TIMEOUT", "2s");
        env.put("SWITCHBOARD_WEBHOOKS_META_APP_SECRET", APP_SECRET);
        env.put("SWITCHBOARD_WEBHOOKS_META_VERIFY_TOKEN", "verify");
        env.put("SWITCHBOARD_WEBHOOKS_META_GRAPH_BASE_URL", stub.graphBaseUrl());
        env.put("SWITCHBOARD_RESEND_BASE_URL", stub.resendBaseUrl());
        env.put("SWITCHBOARD_OUTBOUND_ALLOW_PRIVATE", "127.0.0.0/8"); // the provider stub listens on loopback
        env.put("SWITCHBOARD_SECRETS_KEY", Base64.getEncoder().encodeToString(key));
        return env;
    }

    /** The server's Main in a new JVM on the test classpath; its output goes to target/{name}.log. */
    private static Process startServer(Map<String, String> env, String name) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", classpath, "dev.switchboard.app.Main");
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(new File("target/" + name + ".log"));
        return builder.start();
    }

    private static void awaitReady(Http http, Process process) {
        Eventually.await(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the forked server exited with " + process.exitValue());
            }
            try {
                return http.get("/health/ready", null).status() == 200;
            } catch (RuntimeException e) {
                return false;
            }
        }, Duration.ofSeconds(90), "the forked server ready");
    }

    private static long count(DatabaseUrl db, String sql, Object... params) {
        return TestDatabase.queryLong(db, sql, params);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
