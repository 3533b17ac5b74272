package dev.switchboard.webhooks.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.platform.config.SecretsConfig;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.secrets.SecretKeys;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import dev.switchboard.webhooks.outbound.WebhookSignature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhook secrets at rest: new ones are stored encrypted, plaintext ones from before are encrypted by the startup
 * pass and keep verifying, and an organization's own Meta app signs and subscribes only for its own pages.
 */
class SecretsAtRestTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void plaintextSecretsFromBeforeAreEncryptedAtStartupAndStillVerify() throws Exception {
        Account admin = server.register("Secrets Plaintext");
        Response hook = server.http.post("/api/v1/inbound-webhooks", new JsonObject().put("name", "legacy"), admin.accessToken());
        assertEquals(201, hook.status(), hook::toString);
        String id = hook.json().getString("id");
        assertEquals(1, count("SELECT count(*) FROM inbound_webhooks WHERE id = ?::uuid AND secret LIKE 'v1:%'", id), "stored encrypted");
        String legacy = WebhookSignature.newSecret();
        String resend = WebhookSignature.newSecret();
        TestDatabase.update(server.db, "UPDATE inbound_webhooks SET secret = ? WHERE id = ?::uuid", legacy, id);
        TestDatabase.update(server.db, "INSERT INTO resend_signing_secrets (tenant_id, id, secret) VALUES (?::uuid, ?::uuid, ?)",
                admin.tenantId(), UUID.randomUUID().toString(), resend);

        // what the server does at startup, with its key (generated in the data directory: no key configured here)
        PlaintextSecrets.sealAll(new Db(server.app.pool()), SecretKeys.load(new SecretsConfig(null, List.of(), Path.of("./data", "secrets.key"))))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertEquals(0, count("SELECT count(*) FROM inbound_webhooks WHERE tenant_id = ?::uuid AND secret NOT LIKE 'v1:%'", admin.tenantId()));
        assertEquals(0, count("SELECT count(*) FROM resend_signing_secrets WHERE tenant_id = ?::uuid AND secret NOT LIKE 'v1:%'", admin.tenantId()));
        String body = "{\"hello\": \"legacy\"}";
        long now = Instant.now().getEpochSecond();
        String eventId = "msg_" + UUID.randomUUID();
        Response delivered = server.http.send(HttpMethod.POST, "/webhooks/in/" + slug(admin) + "/" + id, null,
                Buffer.buffer(body.getBytes(StandardCharsets.UTF_8)), Map.of("webhook-id", eventId, "webhook-timestamp", Long.toString(now),
                        "webhook-signature", WebhookSignature.sign(legacy, eventId, now, body)));
        assertEquals(202, delivered.status(), delivered::toString);
        String resendBody = "{\"type\": \"domain.updated\", \"data\": {}}";
        Response resendDelivered = server.http.send(HttpMethod.POST, "/webhooks/resend", null, Buffer.buffer(resendBody), Map.of("svix-id", eventId,
                "svix-timestamp", Long.toString(now), "svix-signature", WebhookSignature.sign(resend, eventId, now, resendBody)));
        assertEquals(200, resendDelivered.status(), resendDelivered::toString);
    }

    @Test
    void anOrganizationsOwnMetaAppVerifiesItsSubscriptionAndRoutesOnlyItsOwnPages() {
        Account admin = server.register("Secrets Meta App");
        Account other = server.register("Secrets Meta Other");
        String appSecret = "own-app-" + UUID.randomUUID();
        String verifyToken = "own-verify-" + UUID.randomUUID();
        assertEquals(200, server.http.patch("/api/v1/integrations", new JsonObject().put("metaAppSecret", appSecret)
                .put("metaVerifyToken", verifyToken).put("version", 0), admin.accessToken()).status());
        String page = MetaLeadEffectsTest.numericId();
        String otherPage = MetaLeadEffectsTest.numericId();
        assertEquals(201, server.http.post("/api/v1/meta-pages", new JsonObject().put("pageId", page), admin.accessToken()).status());
        assertEquals(201, server.http.post("/api/v1/meta-pages", new JsonObject().put("pageId", otherPage), other.accessToken()).status());

        Response handshake = server.http.send(HttpMethod.GET, "/webhooks/meta?hub.mode=subscribe&hub.verify_token=" + verifyToken
                + "&hub.challenge=4242", null, null, Map.of());
        assertEquals(200, handshake.status(), handshake::toString);
        assertEquals("4242", handshake.body().toString());
        assertEquals(403, server.http.send(HttpMethod.GET, "/webhooks/meta?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1", null, null,
                Map.of()).status());

        String mine = MetaLeadEffectsTest.numericId();
        String theirs = MetaLeadEffectsTest.numericId();
        assertEquals(200, postMeta(MetaLeadEffectsTest.leadgen(page, mine), appSecret).status());
        assertEquals(200, postMeta(MetaLeadEffectsTest.leadgen(otherPage, theirs), appSecret).status());
        assertEquals(401, postMeta(MetaLeadEffectsTest.leadgen(page, MetaLeadEffectsTest.numericId()), "not-the-app-secret").status());
        assertEquals(1, count("SELECT count(*) FROM webhook_inbox WHERE tenant_id = ?::uuid AND event_id = ?", admin.tenantId(), mine));
        assertEquals(1, count("SELECT count(*) FROM webhook_inbox WHERE tenant_id IS NULL AND status = 'unroutable' AND event_id = ?", theirs),
                "another organization's page is not the app's to route");
        assertEquals(0, count("SELECT count(*) FROM webhook_inbox WHERE tenant_id = ?::uuid", other.tenantId()));
    }

    private static Response postMeta(String body, String secret) {
        return server.http.send(HttpMethod.POST, "/webhooks/meta", null, Buffer.buffer(body),
                Map.of("X-Hub-Signature-256", MetaSignature.sign(secret, body.getBytes(StandardCharsets.UTF_8))));
    }

    private static String slug(Account account) throws Exception {
        try (Connection c = TestDatabase.connect(server.db);
             PreparedStatement s = c.prepareStatement("SELECT slug FROM organizations WHERE id = ?::uuid")) {
            s.setString(1, account.tenantId());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static long count(String sql, Object... params) {
        return TestDatabase.queryLong(server.db, sql, params);
    }
}
