package dev.switchboard.conversations;

import static dev.switchboard.conversations.ConversationFixtures.CONVERSATIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.email.FakeResend;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import dev.switchboard.webhooks.outbound.WebhookSignature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replies in email conversations go out through the job queue to Resend (a local stand-in), threaded under the
 * customer's email; their status follows Resend's delivery reports, and the timeline says what really happened.
 */
class EmailRepliesTest {

    private static final String API_KEY = "re_replies_key";

    private static FakeResend resend;
    private static TestServer server;
    private static ConversationFixtures fx;

    @BeforeAll
    static void start() throws Exception {
        resend = new FakeResend();
        server = TestServer.start(Map.of(
                "SWITCHBOARD_RESEND_BASE_URL", resend.baseUrl(),
                "SWITCHBOARD_RESEND_API_KEY", API_KEY,
                "SWITCHBOARD_EMAIL_FROM", "Acme Support <support@acme.test>",
                "SWITCHBOARD_JOBS_MAX_ATTEMPTS", "3",
                "SWITCHBOARD_JOBS_BACKOFF_BASE", "20ms",
                "SWITCHBOARD_JOBS_BACKOFF_CAP", "50ms"));
        fx = new ConversationFixtures(server);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        resend.close();
    }

    @Test
    void aReplyReachesResendThreadedUnderTheCustomersEmailAndFollowsDeliveryReports() throws Exception {
        Account admin = server.register("Replies Co");
        String secret = signingSecret(admin);
        String customer = "carla-" + UUID.randomUUID() + "@example.test";
        String contact = server.http.post("/api/v1/contacts", new JsonObject().put("fullName", "Carla Customer").put("email", customer),
                admin.accessToken()).json().getString("id");
        String id = fx.create(admin, new JsonObject().put("channel", "email").put("subject", "Your order").put("contactId", contact))
                .getString("id");
        String theirs = "<c1-" + UUID.randomUUID() + "@mail.example.test>";
        post(admin, id, new JsonObject().put("direction", "inbound").put("body", "Where is my order?").put("messageId", theirs));

        JsonObject reply = post(admin, id, new JsonObject().put("direction", "outbound").put("body", "It shipped <today> & arrives soon"));
        assertEquals("queued", reply.getString("deliveryStatus"));
        String ours = reply.getString("messageId");
        assertEquals("<" + reply.getString("id") + "@acme.test>", ours, "a Message-ID of the sender's domain");
        assertEquals(theirs, reply.getString("inReplyTo"));
        assertEquals(List.of(theirs), reply.getJsonArray("references").getList());

        JsonObject sent = awaitStatus(admin, id, reply.getString("id"), "sent");
        assertNull(sent.getString("deliveryError"));
        List<FakeResend.Received> requests = resend.to(customer);
        assertEquals(1, requests.size());
        FakeResend.Received request = requests.get(0);
        assertEquals("Bearer " + API_KEY, request.authorization());
        assertEquals("message/" + reply.getString("id"), request.idempotencyKey());
        assertEquals("Acme Support <support@acme.test>", request.body().getString("from"));
        assertEquals("Re: Your order", request.body().getString("subject"));
        assertEquals("It shipped <today> & arrives soon", request.body().getString("text"));
        assertEquals("<p>It shipped &lt;today&gt; &amp; arrives soon</p>", request.body().getString("html"));
        JsonObject headers = request.body().getJsonObject("headers");
        assertEquals(ours, headers.getString("Message-ID"));
        assertEquals(theirs, headers.getString("In-Reply-To"));
        assertEquals(theirs, headers.getString("References"));

        // a second reply answers the first one and carries the whole chain
        JsonObject second = post(admin, id, new JsonObject().put("direction", "outbound").put("body", "Tracking: 123"));
        assertEquals(ours, second.getString("inReplyTo"));
        assertEquals(List.of(theirs, ours), second.getJsonArray("references").getList());
        awaitStatus(admin, id, second.getString("id"), "sent");
        assertEquals(theirs + " " + ours, resend.to(customer).get(1).body().getJsonObject("headers").getString("References"));

        String providerId = request.answeredId();
        for (String type : List.of("email.delivered", "email.bounced", "email.delivered")) {
            awaitProcessed(admin, deliver(secret, delivery(type, providerId)));
        }
        assertEquals("bounced", message(admin, id, reply.getString("id")).getString("deliveryStatus"), "a late delivered changes nothing");
        assertEquals(List.of("message.sent", "message.delivery_updated", "message.delivery_updated", "message.delivery_updated"),
                fx.eventTypes(reply.getString("id")));
        JsonObject bounced = fx.events(reply.getString("id")).get(3);
        assertEquals("delivered", bounced.getJsonObject("payload").getJsonObject("before").getString("deliveryStatus"));
        assertNull(bounced.getString("actorId"), "delivery reports are the system's doing");

        List<String> timeline = awaitTimeline(admin, id, "Email bounced: Your order");
        assertTrue(timeline.containsAll(List.of("Email queued: Your order", "Email sent: Your order", "Email delivered: Your order",
                "Email bounced: Your order")), timeline::toString);
    }

    @Test
    void providerFailuresAreRetriedThenTheReplyFailsVisiblyAndARetriedJobSendsItOnce() throws Exception {
        Account admin = server.register("Flaky Replies");
        String customer = "flaky-" + UUID.randomUUID() + "@example.test";
        String contact = server.http.post("/api/v1/contacts", new JsonObject().put("fullName", "Flo Flaky").put("email", customer),
                admin.accessToken()).json().getString("id");
        String id = fx.create(admin, new JsonObject().put("channel", "email").put("subject", "Refund").put("contactId", contact))
                .getString("id");
        resend.statusFor.put(customer, 500);
        JsonObject reply = post(admin, id, new JsonObject().put("direction", "outbound").put("body", "Refund issued"));

        JsonObject failed = awaitStatus(admin, id, reply.getString("id"), "failed");
        assertTrue(failed.getString("deliveryError").startsWith("resend answered 500"), failed::toString);
        assertEquals(3, resend.to(customer).size(), "tried max attempts times");
        String job = reply.getString("sendJobId");
        JsonObject dead = server.http.get("/api/v1/jobs/" + job, admin.accessToken()).json();
        assertEquals("dead", dead.getString("status"));
        awaitTimeline(admin, id, "Email failed: Refund");

        resend.statusFor.remove(customer);
        assertEquals(200, server.http.post("/api/v1/jobs/" + job + "/retry", null, admin.accessToken()).status());
        JsonObject sent = awaitStatus(admin, id, reply.getString("id"), "sent");
        assertNull(sent.getString("deliveryError"));
        assertEquals(4, resend.to(customer).size());
        assertEquals(1, resend.to(customer).stream().map(FakeResend.Received::idempotencyKey).distinct().count(),
                "every attempt carries the same idempotency key");
    }

    @Test
    void aReplyToAContactWithoutEmailFailsAtOnceAndSaysWhy() throws Exception {
        Account admin = server.register("No Address");
        String id = fx.create(admin, new JsonObject().put("channel", "email").put("subject", "Hello")).getString("id");
        JsonObject reply = post(admin, id, new JsonObject().put("direction", "outbound").put("body", "Anyone there?"));
        JsonObject failed = awaitStatus(admin, id, reply.getString("id"), "failed");
        assertEquals("the conversation's contact has no email address", failed.getString("deliveryError"));
        assertEquals("dead", server.http.get("/api/v1/jobs/" + reply.getString("sendJobId"), admin.accessToken()).json().getString("status"));
    }

    @Test
    void messagesOfOtherChannelsAndNotesAreNeverEmailed() throws Exception {
        Account admin = server.register("Chat Only");
        String contact = fx.contact(admin);
        String chat = fx.create(admin, new JsonObject().put("channel", "web_chat").put("contactId", contact)).getString("id");
        JsonObject chatReply = post(admin, chat, new JsonObject().put("direction", "outbound").put("body", "hi from chat"));
        assertNull(chatReply.getString("sendJobId"));
        assertNull(chatReply.getString("messageId"));
        String email = fx.create(admin, new JsonObject().put("channel", "email").put("contactId", contact)).getString("id");
        JsonObject note = post(admin, email, new JsonObject().put("direction", "internal_note").put("body", "staff only"));
        assertNull(note.getString("sendJobId"));
        assertEquals(0, fx.count("SELECT count(*) FROM jobs WHERE tenant_id = ?::uuid AND kind = 'message.send'", admin.tenantId()));
    }

    private static JsonObject post(Account caller, String id, JsonObject body) {
        Response r = server.http.post(CONVERSATIONS + "/" + id + "/messages", body, caller.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json();
    }

    private static JsonObject message(Account caller, String conversation, String messageId) {
        Response r = server.http.get(CONVERSATIONS + "/" + conversation + "/messages?limit=100", caller.accessToken());
        assertEquals(200, r.status(), r::toString);
        return r.items().stream().map(JsonObject.class::cast).filter(m -> m.getString("id").equals(messageId)).findFirst().orElseThrow();
    }

    private static JsonObject awaitStatus(Account caller, String conversation, String messageId, String status) {
        Eventually.await(() -> status.equals(message(caller, conversation, messageId).getString("deliveryStatus")), Duration.ofSeconds(20),
                "message " + messageId + " " + status);
        return message(caller, conversation, messageId);
    }

    private static List<String> awaitTimeline(Account caller, String conversation, String summary) {
        List<String> seen = new ArrayList<>();
        Eventually.await(() -> {
            seen.clear();
            server.http.get("/api/v1/timeline/conversation/" + conversation + "?limit=100", caller.accessToken()).items()
                    .forEach(e -> seen.add(((JsonObject) e).getString("summary")));
            return seen.contains(summary);
        }, Duration.ofSeconds(20), "timeline entry " + summary);
        return seen;
    }

    private static String signingSecret(Account admin) {
        String secret = WebhookSignature.newSecret();
        assertEquals(201, server.http.post("/api/v1/resend-signing-secrets", new JsonObject().put("secret", secret),
                admin.accessToken()).status());
        return secret;
    }

    private static String delivery(String type, String providerId) {
        return new JsonObject().put("type", type).put("created_at", "2026-11-22T05:00:00.000Z")
                .put("data", new JsonObject().put("email_id", providerId).put("to", new JsonArray().add("to@example.test"))).encode();
    }

    private static String deliver(String secret, String body) {
        String id = "msg_" + UUID.randomUUID();
        long now = Instant.now().getEpochSecond();
        Response r = server.http.send(HttpMethod.POST, "/webhooks/resend", null, Buffer.buffer(body), Map.of("svix-id", id,
                "svix-timestamp", Long.toString(now), "svix-signature", WebhookSignature.sign(secret, id, now, body)));
        assertEquals(200, r.status(), r::toString);
        return id;
    }

    private static void awaitProcessed(Account admin, String eventId) {
        Eventually.await(() -> TestDatabase.queryLong(server.db, "SELECT count(*) FROM webhook_inbox WHERE tenant_id = ?::uuid "
                + "AND event_id = ? AND status = 'processed'", admin.tenantId(), eventId) == 1, Duration.ofSeconds(20),
                "event " + eventId + " processed");
    }
}
