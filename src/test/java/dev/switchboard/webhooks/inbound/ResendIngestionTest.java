package dev.switchboard.webhooks.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.TestServer;
import dev.switchboard.webhooks.outbound.WebhookSignature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resend (Svix-signed) events: routed to the tenant whose configured signing secret verifies them, under
 * either header naming, deduplicated by {@code svix-id}, and refused when unsigned, stale or malformed.
 */
class ResendIngestionTest {

    private static final String SECRETS = "/api/v1/resend-signing-secrets";
    private static final String INBOX = "/api/v1/webhook-inbox";
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
    void anEventGoesToTheTenantWhoseSecretVerifiesItOnceHoweverOftenItArrives() {
        Account mine = server.register("Resend Mine");
        Account theirs = server.register("Resend Theirs");
        String old = addSecret(mine);
        String current = addSecret(mine);
        addSecret(theirs);
        String id = "msg_" + UUID.randomUUID();
        String body = "{\"type\": \"domain.updated\", \"created_at\": \"2026-11-22T00:00:00Z\", \"data\": {}}";
        long now = Instant.now().getEpochSecond();
        String signature = WebhookSignature.sign(current, id, now, body);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, post(headers("svix", id, now, signature), body).status());
        }
        assertEquals(200, post(headers("webhook", id, now, signature), body).status(), "the webhook- names work too");
        assertEquals(200, post(headers("svix", id, now, WebhookSignature.sign(old, id, now, body)), body).status(),
                "an older secret of the same tenant (rotation)");

        await(() -> "processed".equals(status(mine, id)), "the event processed");
        assertEquals(1, TestDatabase.queryLong(server.db, "SELECT count(*) FROM webhook_inbox WHERE provider = 'resend' AND event_id = ?", id));
        assertEquals(1, server.http.get(INBOX + "?provider=resend", mine.accessToken()).items().size());
        assertTrue(server.http.get(INBOX + "?provider=resend", theirs.accessToken()).items().isEmpty());
    }

    @Test
    void aDeliveryReportForAnEmailWeDidNotSendIsProcessedWithoutEffect() {
        Account mine = server.register("Resend Unknown Email");
        String secret = addSecret(mine);
        String id = "msg_" + UUID.randomUUID();
        String body = "{\"type\": \"email.delivered\", \"data\": {\"email_id\": \"re_123\"}}";
        long now = Instant.now().getEpochSecond();
        assertEquals(200, post(headers("svix", id, now, WebhookSignature.sign(secret, id, now, body)), body).status());
        await(() -> "processed".equals(status(mine, id)), "the event processed");
        assertEquals(0, TestDatabase.queryLong(server.db, "SELECT count(*) FROM outbox WHERE tenant_id = ?::uuid AND type = 'email.delivery_updated'",
                mine.tenantId()));
    }

    @Test
    void unsignedStaleAndMalformedEventsAreRefused() {
        Account mine = server.register("Resend Refused");
        String secret = addSecret(mine);
        String id = "msg_" + UUID.randomUUID();
        String body = "{\"type\": \"email.sent\", \"data\": {\"note\": \"ECHO-CANARY\"}}";
        long now = Instant.now().getEpochSecond();
        Response unknown = post(headers("svix", id, now, WebhookSignature.sign(WebhookSignature.newSecret(), id, now, body)), body);
        assertEquals(401, unknown.status());
        assertFalse(unknown.body().toString().contains("ECHO-CANARY"));
        // outside the five-minute tolerance with a margin, so a slow request cannot bring the timestamp back inside it
        assertEquals(401, post(headers("svix", id, now - 330, WebhookSignature.sign(secret, id, now - 330, body)), body).status());
        assertEquals(401, post(headers("svix", id, now + 330, WebhookSignature.sign(secret, id, now + 330, body)), body).status());
        assertEquals(400, post(Map.of("svix-id", id, "svix-timestamp", Long.toString(now)), body).status());
        String noType = "{\"data\": {}}";
        assertEquals(400, post(headers("svix", id, now, WebhookSignature.sign(secret, id, now, noType)), noType).status());
        String notJson = "ECHO-CANARY";
        Response malformed = post(headers("svix", id, now, WebhookSignature.sign(secret, id, now, notJson)), notJson);
        assertEquals(400, malformed.status());
        assertFalse(malformed.body().toString().contains("ECHO-CANARY"));
        assertEquals(0, TestDatabase.queryLong(server.db, "SELECT count(*) FROM webhook_inbox WHERE event_id = ?", id));
    }

    @Test
    void secretsAreNeverShownAndBelongToOneOrganization() {
        Account mine = server.register("Resend Secrets");
        Account other = server.register("Resend Secrets Other");
        Account agent = server.invite(mine, "agent");
        String secret = WebhookSignature.newSecret();
        Response added = server.http.post(SECRETS, new JsonObject().put("secret", secret), mine.accessToken());
        assertEquals(201, added.status(), added::toString);
        assertFalse(added.body().toString().contains(secret.substring(6)));
        String id = added.json().getString("id");
        assertFalse(server.http.get(SECRETS, mine.accessToken()).body().toString().contains(secret.substring(6)));
        assertTrue(server.http.get(SECRETS, other.accessToken()).items().isEmpty());
        assertEquals(404, server.http.delete(SECRETS + "/" + id, other.accessToken()).status());
        assertEquals(403, server.http.get(SECRETS, agent.accessToken()).status());
        assertEquals(400, server.http.post(SECRETS, new JsonObject().put("secret", "not-a-secret"), mine.accessToken()).status());
        assertEquals(1, TestDatabase.queryLong(server.db, "SELECT count(*) FROM resend_signing_secrets WHERE tenant_id = ?::uuid",
                mine.tenantId()));
        assertEquals(204, server.http.delete(SECRETS + "/" + id, mine.accessToken()).status());
        assertEquals(0, TestDatabase.queryLong(server.db, "SELECT count(*) FROM resend_signing_secrets WHERE tenant_id = ?::uuid",
                mine.tenantId()));
    }

    private static String addSecret(Account admin) {
        String secret = WebhookSignature.newSecret();
        Response r = server.http.post(SECRETS, new JsonObject().put("secret", secret), admin.accessToken());
        assertEquals(201, r.status(), r::toString);
        return secret;
    }

    private static Map<String, String> headers(String prefix, String id, long ts, String signature) {
        return Map.of(prefix + "-id", id, prefix + "-timestamp", Long.toString(ts), prefix + "-signature", signature);
    }

    private static Response post(Map<String, String> headers, String body) {
        return server.http.send(HttpMethod.POST, "/webhooks/resend", null, Buffer.buffer(body), headers);
    }

    private static String status(Account account, String eventId) {
        for (Object o : server.http.get(INBOX + "?provider=resend&limit=100", account.accessToken()).items()) {
            if (eventId.equals(((JsonObject) o).getString("eventId"))) {
                return ((JsonObject) o).getString("status");
            }
        }
        return null;
    }

    private static void await(BooleanSupplier condition, String what) {
        Eventually.await(condition, Duration.ofSeconds(20), what);
    }
}
