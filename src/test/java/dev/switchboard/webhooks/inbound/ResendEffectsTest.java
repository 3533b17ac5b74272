package dev.switchboard.webhooks.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resend events end to end against a local Received Emails API stub: received mail threads into the conversation
 * it answers or opens one for its sender, and delivery reports move an email's status only upwards.
 */
class ResendEffectsTest {

    private static ProviderStub stub;
    private static TestServer server;
    private static ResendDeliveries resend;

    @BeforeAll
    static void start() {
        stub = new ProviderStub();
        server = TestServer.start(Map.of("SWITCHBOARD_RESEND_BASE_URL", stub.resendBaseUrl()));
        resend = new ResendDeliveries(server);
    }

    @AfterAll
    static void stop() {
        server.close();
        stub.close();
    }

    @Test
    void aReplyThreadsIntoTheConversationItAnswers() {
        Account admin = server.register("Resend Thread");
        String secret = resend.setUp(admin);
        String customer = "customer-" + UUID.randomUUID() + "@example.test";
        String contact = server.http.post("/api/v1/contacts", new JsonObject().put("fullName", "Carla Customer").put("email", customer),
                admin.accessToken()).json().getString("id");
        Response conversation = server.http.post("/api/v1/conversations", new JsonObject().put("channel", "email").put("contactId", contact)
                .put("subject", "Your order"), admin.accessToken());
        assertEquals(201, conversation.status(), conversation::toString);
        String conversationId = conversation.json().getString("id");
        String ours = "<out-" + UUID.randomUUID() + "@switchboard.test>";
        Response sent = server.http.post("/api/v1/conversations/" + conversationId + "/messages", new JsonObject()
                .put("direction", "outbound").put("body", "Your order shipped").put("messageId", ours), admin.accessToken());
        assertEquals(201, sent.status(), sent::toString);

        String emailId = UUID.randomUUID().toString();
        String theirs = "<reply-" + UUID.randomUUID() + "@mail.example.test>";
        stub.email(emailId, receivedEmail("Carla Customer <" + customer + ">", "Re: Your order", "Thanks, it arrived!", theirs,
                new JsonObject().put("In-Reply-To", ours).put("References", ours)));
        String svixId = resend.deliver(secret, received(emailId, customer));
        resend.awaitProcessed(admin, svixId);

        JsonArray messages = server.http.get("/api/v1/conversations/" + conversationId + "/messages?sort=createdAt", admin.accessToken()).items();
        assertEquals(2, messages.size());
        JsonObject reply = messages.getJsonObject(1);
        assertEquals("inbound", reply.getString("direction"));
        assertEquals("Thanks, it arrived!", reply.getString("body"));
        assertEquals(theirs, reply.getString("messageId"));
        assertEquals(contact, reply.getString("senderContactId"));
        assertEquals(1, server.http.get("/api/v1/conversations", admin.accessToken()).items().size(), "no new conversation");
        List<JsonObject> events = server.events(reply.getString("id"));
        assertEquals("message.received", events.get(0).getString("type"));
        assertEquals(conversationId, events.get(0).getJsonObject("payload").getJsonObject("after").getString("conversationId"));
    }

    @Test
    void aNewSenderOpensANewConversationWithANewContactOnce() {
        Account admin = server.register("Resend New Sender");
        String secret = resend.setUp(admin);
        String sender = "new-" + UUID.randomUUID() + "@example.test";
        String emailId = UUID.randomUUID().toString();
        stub.email(emailId, receivedEmail("Nina New <" + sender + ">", "Question", "Do you ship to Norway?",
                "<q-" + UUID.randomUUID() + "@mail.example.test>", new JsonObject()));
        String body = received(emailId, sender);
        String svixId = "msg_" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, resend.post(svixId, secret, body).status());
        }
        resend.awaitProcessed(admin, svixId);

        JsonObject contact = server.http.get("/api/v1/contacts?q=" + sender, admin.accessToken()).items().getJsonObject(0);
        assertEquals("Nina New", contact.getString("fullName"));
        JsonArray conversations = server.http.get("/api/v1/conversations", admin.accessToken()).items();
        assertEquals(1, conversations.size());
        JsonObject conversation = conversations.getJsonObject(0);
        assertEquals(contact.getString("id"), conversation.getString("contactId"));
        assertEquals("Question", conversation.getString("subject"));
        assertEquals("email", conversation.getString("channel"));
        assertEquals("conversation.created", server.events(conversation.getString("id")).get(0).getString("type"));
        assertEquals(1, TestDatabase.queryLong(server.db, "SELECT count(*) FROM messages WHERE tenant_id = ?::uuid AND direction = 'inbound'",
                admin.tenantId()));
        assertEquals(1, TestDatabase.queryLong(server.db, "SELECT count(*) FROM outbox WHERE tenant_id = ?::uuid AND type = 'message.received'",
                admin.tenantId()));
    }

    @Test
    void aNewSendersContactAndConversationTakeCustomFieldDefaults() {
        Account admin = server.register("Resend Defaults");
        String secret = resend.setUp(admin);
        for (JsonObject field : List.of(
                new JsonObject().put("recordType", "contact").put("key", "segment").put("type", "single_select")
                        .put("options", new JsonArray().add("smb").add("enterprise")).put("required", true).put("default", "smb"),
                new JsonObject().put("recordType", "conversation").put("key", "triaged").put("type", "boolean").put("required", true)
                        .put("default", false),
                new JsonObject().put("recordType", "conversation").put("key", "order_no").put("type", "text").put("required", true))) {
            Response defined = server.http.post("/api/v1/custom-fields", field.put("label", field.getString("key")), admin.accessToken());
            assertEquals(201, defined.status(), defined::toString);
        }
        String sender = "defaults-" + UUID.randomUUID() + "@example.test";
        String emailId = UUID.randomUUID().toString();
        stub.email(emailId, receivedEmail("Dora Default <" + sender + ">", "Hello", "Hi there",
                "<d-" + UUID.randomUUID() + "@mail.example.test>", new JsonObject()));
        resend.awaitProcessed(admin, resend.deliver(secret, received(emailId, sender)));

        JsonObject contact = server.http.get("/api/v1/contacts?q=" + sender, admin.accessToken()).items().getJsonObject(0);
        assertEquals(new JsonObject().put("segment", "smb"), contact.getJsonObject("customFields"));
        JsonObject conversation = server.http.get("/api/v1/conversations", admin.accessToken()).items().getJsonObject(0);
        assertEquals(new JsonObject().put("triaged", false), conversation.getJsonObject("customFields"),
                "the default fills in; the required field without one is not enforced on received email");
    }

    @Test
    void theAttachmentsOfReceivedEmailAreStoredLikeUploads() {
        Account admin = server.register("Resend Attachments");
        String secret = resend.setUp(admin);
        String sender = "files-" + UUID.randomUUID() + "@example.test";
        String emailId = UUID.randomUUID().toString();
        stub.email(emailId, receivedEmail("Fred Files <" + sender + ">", "Invoice", "See attached.",
                "<f-" + UUID.randomUUID() + "@mail.example.test>", new JsonObject()));
        byte[] pdf = "%PDF-1.7\n%%EOF\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        stub.attachment(emailId, "../../invoice.pdf", "application/pdf", pdf);
        stub.attachment(emailId, "photo.png", "image/png", "<html><script>alert(1)</script></html>".getBytes());
        String svixId = resend.deliver(secret, received(emailId, sender));
        resend.awaitProcessed(admin, svixId);

        String conversation = server.http.get("/api/v1/conversations", admin.accessToken()).items().getJsonObject(0).getString("id");
        String message = server.http.get("/api/v1/conversations/" + conversation + "/messages", admin.accessToken()).items()
                .getJsonObject(0).getString("id");
        JsonArray files = server.http.get("/api/v1/attachments?entityType=message&entityId=" + message, admin.accessToken()).items();
        assertEquals(2, files.size(), files::encodePrettily);
        Map<String, JsonObject> byName = new java.util.HashMap<>();
        files.forEach(f -> byName.put(((JsonObject) f).getString("filename"), (JsonObject) f));
        assertEquals("application/pdf", byName.get("invoice.pdf").getString("contentType"));
        assertEquals("application/octet-stream", byName.get("photo.png").getString("contentType"), "typed by its bytes, not its claim");
        assertEquals(null, byName.get("invoice.pdf").getString("uploadedBy"));
        Response download = server.http.get("/api/v1/attachments/" + byName.get("invoice.pdf").getString("id") + "/content",
                admin.accessToken());
        assertEquals(200, download.status());
        org.junit.jupiter.api.Assertions.assertArrayEquals(pdf, download.body().getBytes());
        assertEquals(2, TestDatabase.queryLong(server.db, "SELECT count(*) FROM outbox WHERE tenant_id = ?::uuid AND type = 'attachment.added'",
                admin.tenantId()));
    }

    @Test
    void aBounceAfterDeliveredSticksAndALateDeliveredChangesNothing() {
        Account admin = server.register("Resend Delivery");
        String secret = resend.setUp(admin);
        String providerId = UUID.randomUUID().toString();
        String emailLogId = UUID.randomUUID().toString();
        assertEquals(1, TestDatabase.update(server.db, "INSERT INTO email_log (tenant_id, id, template_id, template_version, to_address, "
                + "status, provider_message_id, job_id, created_at) VALUES (?::uuid, ?::uuid, ?::uuid, 1, 'to@example.test', 'sent', ?, "
                + "?::uuid, now())", admin.tenantId(), emailLogId, UUID.randomUUID().toString(), providerId, UUID.randomUUID().toString()));
        for (String type : List.of("email.delivered", "email.bounced", "email.delivered", "email.sent")) {
            resend.awaitProcessed(admin, resend.deliver(secret, delivery(type, providerId)));
        }
        assertEquals("bounced", server.http.get("/api/v1/emails/" + emailLogId, admin.accessToken()).json().getString("deliveryStatus"));
        List<JsonObject> events = server.events(emailLogId);
        assertEquals(List.of("email.delivery_updated", "email.delivery_updated"), events.stream().map(e -> e.getString("type")).toList());
        JsonObject last = events.get(1).getJsonObject("payload");
        assertEquals("delivered", last.getJsonObject("before").getString("deliveryStatus"));
        assertEquals("bounced", last.getJsonObject("after").getString("deliveryStatus"));
        assertNotEquals(0, TestDatabase.queryLong(server.db, "SELECT count(*) FROM webhook_inbox WHERE tenant_id = ?::uuid AND status = 'processed'",
                admin.tenantId()));
    }

    static JsonObject receivedEmail(String from, String subject, String text, String messageId, JsonObject headers) {
        return new JsonObject().put("to", new JsonArray().add("support@switchboard.test")).put("from", from)
                .put("created_at", "2026-11-22T05:00:00.000Z").put("subject", subject).put("html", "<p>" + text + "</p>").put("text", text)
                .put("bcc", new JsonArray()).put("cc", new JsonArray()).put("reply_to", new JsonArray()).put("message_id", messageId)
                .put("headers", headers.put("Message-ID", messageId)).put("attachments", new JsonArray());
    }

    static String received(String emailId, String from) {
        return new JsonObject().put("type", "email.received").put("created_at", "2026-11-22T05:00:00.000Z")
                .put("data", new JsonObject().put("email_id", emailId).put("from", from).put("to", new JsonArray().add("support@switchboard.test"))
                        .put("subject", "(see API)")).encode();
    }

    static String delivery(String type, String providerId) {
        return new JsonObject().put("type", type).put("created_at", "2026-11-22T05:00:00.000Z")
                .put("data", new JsonObject().put("email_id", providerId).put("to", new JsonArray().add("to@example.test"))).encode();
    }
}
