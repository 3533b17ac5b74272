package dev.switchboard.webhooks.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import dev.switchboard.webhooks.outbound.WebhookSignature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Resend events sent to a test server as Resend signs them, and waiting until the server has processed them. */
final class ResendDeliveries {

    private final TestServer server;

    ResendDeliveries(TestServer server) {
        this.server = server;
    }

    /** Adds a signing secret and the Resend API key of the provider stub; returns the secret. */
    String setUp(Account admin) {
        String secret = WebhookSignature.newSecret();
        assertEquals(201, server.http.post("/api/v1/resend-signing-secrets", new JsonObject().put("secret", secret), admin.accessToken()).status());
        Response key = server.http.patch("/api/v1/integrations", new JsonObject().put("resendApiKey", ProviderStub.RESEND_KEY).put("version", 0),
                admin.accessToken());
        assertEquals(200, key.status(), key::toString);
        return secret;
    }

    /** Posts a new event; returns its svix-id. */
    String deliver(String secret, String body) {
        String id = "msg_" + UUID.randomUUID();
        Response r = post(id, secret, body);
        assertEquals(200, r.status(), r::toString);
        return id;
    }

    Response post(String id, String secret, String body) {
        long now = Instant.now().getEpochSecond();
        return server.http.send(HttpMethod.POST, "/webhooks/resend", null, Buffer.buffer(body), Map.of("svix-id", id,
                "svix-timestamp", Long.toString(now), "svix-signature", WebhookSignature.sign(secret, id, now, body)));
    }

    /** Waits until the event was tried, fails if that attempt failed, then waits until it is processed. */
    void awaitProcessed(Account admin, String eventId) {
        Eventually.await(() -> TestDatabase.queryLong(server.db, "SELECT count(*) FROM webhook_inbox WHERE tenant_id = ?::uuid "
                + "AND event_id = ? AND (status = 'processed' OR last_error IS NOT NULL)", admin.tenantId(), eventId) == 1,
                Duration.ofSeconds(20), "event " + eventId + " tried");
        assertEquals("", lastError(admin, eventId), "the event's processing failed");
        Eventually.await(() -> TestDatabase.queryLong(server.db, "SELECT count(*) FROM webhook_inbox WHERE tenant_id = ?::uuid "
                + "AND event_id = ? AND status = 'processed'", admin.tenantId(), eventId) == 1,
                Duration.ofSeconds(20), "event " + eventId + " processed");
    }

    private String lastError(Account admin, String eventId) {
        try (java.sql.Connection c = TestDatabase.connect(server.db);
             java.sql.PreparedStatement st = c.prepareStatement("SELECT coalesce(last_error, '') FROM webhook_inbox "
                     + "WHERE tenant_id = ?::uuid AND event_id = ?")) {
            st.setString(1, admin.tenantId());
            st.setString(2, eventId);
            try (java.sql.ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : "no such event";
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
