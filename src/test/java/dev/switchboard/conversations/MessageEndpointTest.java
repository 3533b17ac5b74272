package dev.switchboard.conversations;

import static dev.switchboard.conversations.ConversationFixtures.CONVERSATIONS;
import static dev.switchboard.conversations.ConversationFixtures.assertProblem;
import static dev.switchboard.conversations.ConversationFixtures.fields;
import static dev.switchboard.conversations.ConversationFixtures.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/conversations/{id}/messages}: posting, reading, delivery reports, threading ids and soft deletes. */
class MessageEndpointTest {

    private static TestServer server;
    private static ConversationFixtures fx;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        fx = new ConversationFixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void postsMessagesOfEachDirectionAndListsThemInOrder() throws Exception {
        Account admin = server.register("Messages Co");
        Account agent = server.invite(admin, "agent");
        String contact = fx.contact(admin);
        String id = fx.create(admin, new JsonObject().put("channel", "web_chat").put("contactId", contact)
                .put("assigneeUserId", agent.userId())).getString("id");
        String script = "  <script>alert('x')</script> {{7*7}} ${jndi:ldap://x}\n";

        JsonObject outbound = fx.message(agent, id, "outbound", script);
        assertEquals(script, outbound.getString("body"), "plain text stored exactly as sent");
        assertEquals(agent.userId(), outbound.getString("senderUserId"));
        assertNull(outbound.getString("senderContactId"));
        assertEquals("queued", outbound.getString("deliveryStatus"));
        assertNotNull(outbound.getString("deliveryUpdatedAt"));
        JsonObject note = fx.message(agent, id, "internal_note", "checking with finance");
        assertNull(note.getString("deliveryStatus"));
        JsonObject inbound = fx.message(agent, id, "inbound", "thanks!");
        assertEquals(contact, inbound.getString("senderContactId"));
        assertNull(inbound.getString("senderUserId"));

        Response list = server.http.get(CONVERSATIONS + "/" + id + "/messages", agent.accessToken());
        assertEquals(List.of(inbound.getString("id"), note.getString("id"), outbound.getString("id")), ids(list), "newest first");
        assertEquals(outbound, list.items().getJsonObject(2));
        Response oldestFirst = server.http.get(CONVERSATIONS + "/" + id + "/messages?sort=createdAt&limit=2", agent.accessToken());
        assertEquals(List.of(outbound.getString("id"), note.getString("id")), ids(oldestFirst));
        Response rest = server.http.get(CONVERSATIONS + "/" + id + "/messages?sort=createdAt&cursor=" + oldestFirst.json().getString("nextCursor"),
                agent.accessToken());
        assertEquals(List.of(inbound.getString("id")), ids(rest), "the cursor follows the order asked for");
        assertProblem(400, server.http.get(CONVERSATIONS + "/" + id + "/messages?sort=body", agent.accessToken()));
        JsonObject conversation = server.http.get(CONVERSATIONS + "/" + id, agent.accessToken()).json();
        assertEquals(inbound.getString("createdAt"), conversation.getString("lastMessageAt"));
        assertEquals(1, conversation.getInteger("version"), "messages do not change the conversation's version");

        assertEquals(List.of("message.sent"), fx.eventTypes(outbound.getString("id")));
        assertEquals(List.of("message.noted"), fx.eventTypes(note.getString("id")));
        assertEquals(List.of("message.received"), fx.eventTypes(inbound.getString("id")));
        JsonObject noted = fx.events(note.getString("id")).get(0);
        assertEquals(agent.userId(), noted.getString("actorId"));
        JsonObject after = noted.getJsonObject("payload").getJsonObject("after");
        assertEquals("checking with finance", after.getString("body"), "mentions are read from the event body");
        assertEquals(id, after.getString("conversationId"));
        assertEquals(agent.userId(), after.getString("assigneeUserId"));
        assertEquals(contact, after.getString("contactId"));
    }

    @Test
    void aLateDeliveredNeverReplacesBouncedOrFailed() throws Exception {
        Account admin = server.register("Delivery Co");
        // reports from a channel's connector (an email reply's status comes from the provider: EmailRepliesTest)
        String id = fx.create(admin, new JsonObject().put("channel", "sms")).getString("id");
        String bounced = fx.message(admin, id, "outbound", "first").getString("id");

        assertEquals("sent", report(admin, id, bounced, "sent"));
        assertEquals("bounced", report(admin, id, bounced, "bounced"));
        assertEquals("bounced", report(admin, id, bounced, "delivered"), "delivered after bounced is ignored");
        assertEquals("bounced", report(admin, id, bounced, "failed"), "one failure does not replace another");
        assertEquals("bounced", report(admin, id, bounced, "opened"));
        assertEquals(List.of("message.sent", "message.delivery_updated", "message.delivery_updated"), fx.eventTypes(bounced));

        String opened = fx.message(admin, id, "outbound", "second").getString("id");
        assertEquals("delivered", report(admin, id, opened, "delivered"));
        assertEquals("opened", report(admin, id, opened, "opened"));
        assertEquals("opened", report(admin, id, opened, "sent"), "a replayed earlier state is ignored");
        assertEquals("opened", report(admin, id, opened, "delivered"));
        assertEquals("failed", report(admin, id, opened, "failed"), "a failure still outranks delivery");
        JsonObject last = fx.events(opened).get(fx.events(opened).size() - 1).getJsonObject("payload");
        assertEquals("opened", last.getJsonObject("before").getString("deliveryStatus"));
        assertEquals("failed", last.getJsonObject("after").getString("deliveryStatus"));

        String note = fx.message(admin, id, "internal_note", "no delivery").getString("id");
        assertProblem(409, server.http.post(delivery(id, note), new JsonObject().put("status", "sent"), admin.accessToken()));
        Response invalid = server.http.post(delivery(id, opened), new JsonObject().put("status", "teleported"), admin.accessToken());
        assertProblem(400, invalid);
        assertEquals(List.of("status"), fields(invalid));
        assertProblem(404, server.http.post(delivery(id, UUID.randomUUID().toString()), new JsonObject().put("status", "sent"),
                admin.accessToken()));
    }

    @Test
    void keepsEmailThreadingIdsAndRefusesADuplicateMessageId() {
        Account admin = server.register("Threading Co");
        String id = fx.create(admin, new JsonObject().put("channel", "email")).getString("id");
        JsonObject first = post(admin, id, new JsonObject().put("direction", "inbound").put("body", "hello")
                .put("messageId", "<a1@mail.example>")).json();
        JsonObject reply = post(admin, id, new JsonObject().put("direction", "outbound").put("body", "hi")
                .put("messageId", "<b2@switchboard.test>").put("inReplyTo", "<a1@mail.example>")
                .put("references", new JsonArray().add("<a0@mail.example>").add("<a1@mail.example>"))).json();
        assertEquals("<a1@mail.example>", first.getString("messageId"));
        assertEquals("<a1@mail.example>", reply.getString("inReplyTo"));
        assertEquals(List.of("<a0@mail.example>", "<a1@mail.example>"), reply.getJsonArray("references").getList());

        Response duplicate = server.http.post(CONVERSATIONS + "/" + id + "/messages", new JsonObject().put("direction", "inbound")
                .put("body", "again").put("messageId", "<a1@mail.example>"), admin.accessToken());
        assertProblem(409, duplicate);
        assertEquals(2, ids(server.http.get(CONVERSATIONS + "/" + id + "/messages", admin.accessToken())).size());

        Account elsewhere = server.register("Threading Elsewhere");
        String theirs = fx.create(elsewhere, new JsonObject().put("channel", "email")).getString("id");
        assertEquals(201, server.http.post(CONVERSATIONS + "/" + theirs + "/messages", new JsonObject().put("direction", "inbound")
                .put("body", "hello").put("messageId", "<a1@mail.example>"), elsewhere.accessToken()).status(),
                "Message-IDs are unique per organization");
    }

    @Test
    void validatesMessagesAndStoresNothingInvalid() throws Exception {
        Account admin = server.register("Message Validation");
        String id = fx.create(admin, new JsonObject().put("channel", "email")).getString("id");
        Response bad = server.http.post(CONVERSATIONS + "/" + id + "/messages", new JsonObject().put("direction", "sideways")
                .put("body", "   ").put("references", new JsonArray().add("<a@x>").add(" ")), admin.accessToken());
        assertProblem(400, bad);
        assertEquals(List.of("body", "direction", "references"), fields(bad).stream().sorted().toList());
        // a value of the wrong type is refused at the input boundary
        Response mistyped = server.http.post(CONVERSATIONS + "/" + id + "/messages", new JsonObject().put("direction", "outbound")
                .put("body", "hi").put("references", "x"), admin.accessToken());
        assertProblem(400, mistyped);
        assertEquals(List.of("references"), fields(mistyped));
        // a mistyped field and a broken rule elsewhere are named in one answer
        Response both = server.http.post(CONVERSATIONS + "/" + id + "/messages", new JsonObject().put("direction", "sideways")
                .put("references", "x"), admin.accessToken());
        assertProblem(400, both);
        assertEquals(List.of("body", "direction", "references"), fields(both).stream().sorted().toList());
        assertProblem(400, server.http.post(CONVERSATIONS + "/" + id + "/messages", new JsonObject().put("direction", "outbound")
                .put("body", "x".repeat(20_001)), admin.accessToken()));
        assertProblem(400, server.http.post(CONVERSATIONS + "/" + id + "/messages", new JsonObject().put("direction", "outbound")
                .put("body", 42), admin.accessToken()));
        assertProblem(404, server.http.post(CONVERSATIONS + "/" + UUID.randomUUID() + "/messages",
                new JsonObject().put("direction", "outbound").put("body", "hi"), admin.accessToken()));
        assertEquals(0, fx.count("SELECT count(*) FROM messages WHERE tenant_id = ?::uuid", admin.tenantId()));
        assertEquals(0, fx.count("SELECT count(*) FROM outbox WHERE tenant_id = ?::uuid AND type LIKE 'message.%'", admin.tenantId()));
    }

    @Test
    void theAuthorOrAManagerSoftDeletesAMessage() throws Exception {
        Account admin = server.register("Deleting Co");
        Account manager = server.invite(admin, "manager");
        Account author = server.invite(admin, "agent");
        Account colleague = server.invite(admin, "agent");
        Account viewer = server.invite(admin, "viewer");
        String team = server.http.post("/api/v1/teams", new JsonObject().put("name", "Support"), admin.accessToken()).json().getString("id");
        server.http.put("/api/v1/teams/" + team + "/members/" + colleague.userId(), null, admin.accessToken());
        String id = fx.create(admin, new JsonObject().put("channel", "web_chat").put("assigneeUserId", author.userId()).put("teamId", team))
                .getString("id");
        String mine = fx.message(author, id, "outbound", "mine").getString("id");
        String theirs = fx.message(colleague, id, "internal_note", "theirs").getString("id");
        String inbound = fx.message(author, id, "inbound", "from the customer").getString("id");

        assertProblem(403, server.http.delete(message(id, mine), colleague.accessToken()));
        assertProblem(403, server.http.delete(message(id, mine), viewer.accessToken()));
        assertProblem(403, server.http.delete(message(id, inbound), author.accessToken())); // nobody authored an inbound message
        assertEquals(204, server.http.delete(message(id, mine), author.accessToken()).status());
        assertProblem(404, server.http.delete(message(id, mine), author.accessToken()));
        assertEquals(204, server.http.delete(message(id, theirs), manager.accessToken()).status());

        assertEquals(List.of(inbound), ids(server.http.get(CONVERSATIONS + "/" + id + "/messages", admin.accessToken())));
        assertEquals(List.of("message.sent", "message.deleted"), fx.eventTypes(mine));
        JsonObject deleted = fx.events(mine).get(1).getJsonObject("payload");
        assertEquals("mine", deleted.getJsonObject("before").getString("body"));
        assertNull(deleted.getJsonObject("after"));
        assertEquals(1, fx.count("SELECT count(*) FROM messages WHERE id = ?::uuid AND deleted_at IS NOT NULL", mine),
                "soft delete keeps the row");
        assertProblem(400, server.http.post(CONVERSATIONS + "/" + id + "/read", new JsonObject().put("upToMessageId", mine),
                admin.accessToken()));
    }

    private static Response post(Account caller, String id, JsonObject body) {
        Response r = server.http.post(CONVERSATIONS + "/" + id + "/messages", body, caller.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r;
    }

    private static String report(Account caller, String id, String messageId, String status) {
        Response r = server.http.post(delivery(id, messageId), new JsonObject().put("status", status), caller.accessToken());
        assertEquals(200, r.status(), r::toString);
        assertTrue(r.json().getString("deliveryUpdatedAt") != null);
        return r.json().getString("deliveryStatus");
    }

    private static String delivery(String id, String messageId) {
        return message(id, messageId) + "/delivery";
    }

    private static String message(String id, String messageId) {
        return CONVERSATIONS + "/" + id + "/messages/" + messageId;
    }
}
