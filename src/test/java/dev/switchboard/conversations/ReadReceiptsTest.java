package dev.switchboard.conversations;

import static dev.switchboard.conversations.ConversationFixtures.CONVERSATIONS;
import static dev.switchboard.conversations.ConversationFixtures.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

/** Read receipts per user and the unread counts they give, on each conversation and in total. */
class ReadReceiptsTest {

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
    void eachUserHasTheirOwnUnreadCountAndReadPosition() throws Exception {
        Account admin = server.register("Unread Co");
        Account agent = server.invite(admin, "agent");
        Account manager = server.invite(admin, "manager");
        String id = fx.create(admin, new JsonObject().put("channel", "web_chat").put("assigneeUserId", agent.userId())).getString("id");

        String first = fx.message(agent, id, "outbound", "one").getString("id");
        fx.message(agent, id, "outbound", "two");
        assertEquals(0, unread(agent, id), "your own messages are never unread");
        assertEquals(2, unread(manager, id));
        fx.message(manager, id, "internal_note", "note for the agent");
        String inbound = fx.message(agent, id, "inbound", "customer replies").getString("id");
        assertEquals(2, unread(agent, id));
        assertEquals(3, unread(manager, id));

        Response read = server.http.post(CONVERSATIONS + "/" + id + "/read", new JsonObject().put("upToMessageId", first),
                manager.accessToken());
        assertEquals(200, read.status(), read::toString);
        assertEquals(2, read.json().getInteger("unreadCount"));
        assertEquals(2, unread(agent, id), "one user's receipt leaves the other's count alone");

        assertEquals(0, server.http.post(CONVERSATIONS + "/" + id + "/read", null, agent.accessToken()).json().getInteger("unreadCount"));
        assertEquals(0, unread(agent, id));
        server.http.post(CONVERSATIONS + "/" + id + "/read", new JsonObject().put("upToMessageId", first), agent.accessToken());
        assertEquals(0, unread(agent, id), "the read position never moves back");

        assertEquals(204, server.http.delete(CONVERSATIONS + "/" + id + "/messages/" + inbound, manager.accessToken()).status());
        assertEquals(1, unread(manager, id), "deleted messages are not unread");

        assertEquals(1, fx.count("SELECT count(*) FROM conversation_reads WHERE conversation_id = ?::uuid AND user_id = ?::uuid",
                id, agent.userId()));
        List<JsonObject> reads = fx.events(id).stream().filter(e -> e.getString("type").equals("conversation.read")).toList();
        assertEquals(2, reads.size(), "one event per move of a read position, none for a no-op");
        assertEquals(manager.userId(), reads.get(0).getJsonObject("payload").getString("userId"));
        assertEquals(first, reads.get(0).getJsonObject("payload").getString("lastReadMessageId"));
    }

    @Test
    void listsAndTotalsUnreadAcrossConversations() {
        Account admin = server.register("Unread Totals");
        Account agent = server.invite(admin, "agent");
        String a = fx.create(admin, new JsonObject().put("channel", "email").put("assigneeUserId", agent.userId())).getString("id");
        String b = fx.create(admin, new JsonObject().put("channel", "sms").put("assigneeUserId", agent.userId())).getString("id");
        String hidden = fx.create(admin, new JsonObject().put("channel", "sms")).getString("id");
        fx.message(admin, a, "inbound", "1");
        fx.message(admin, a, "inbound", "2");
        fx.message(admin, b, "inbound", "3");
        fx.message(admin, hidden, "inbound", "not visible to the agent");

        JsonObject totals = server.http.get(CONVERSATIONS + "/unread", agent.accessToken()).json();
        assertEquals(3, totals.getInteger("total"));
        assertEquals(new JsonArray().add(new JsonObject().put("conversationId", a).put("unreadCount", 2))
                .add(new JsonObject().put("conversationId", b).put("unreadCount", 1)), totals.getJsonArray("conversations"));
        List<Integer> listed = server.http.get(CONVERSATIONS + "?sort=createdAt", agent.accessToken()).items().stream()
                .map(item -> ((JsonObject) item).getInteger("unreadCount")).toList();
        assertEquals(List.of(2, 1), listed);

        server.http.post(CONVERSATIONS + "/" + a + "/read", null, agent.accessToken());
        JsonObject after = server.http.get(CONVERSATIONS + "/unread", agent.accessToken()).json();
        assertEquals(1, after.getInteger("total"));
        assertEquals(1, after.getJsonArray("conversations").size());
        assertEquals(4, server.http.get(CONVERSATIONS + "/unread", admin.accessToken()).json().getInteger("total"),
                "inbound messages are the contact's, and the admin sees every conversation");
    }

    @Test
    void rejectsAReadPositionOutsideTheConversation() {
        Account admin = server.register("Foreign Receipts");
        String a = fx.create(admin, new JsonObject().put("channel", "email")).getString("id");
        String b = fx.create(admin, new JsonObject().put("channel", "email")).getString("id");
        String inB = fx.message(admin, b, "inbound", "elsewhere").getString("id");
        assertProblem(400, server.http.post(CONVERSATIONS + "/" + a + "/read", new JsonObject().put("upToMessageId", inB), admin.accessToken()));
        assertProblem(400, server.http.post(CONVERSATIONS + "/" + a + "/read", new JsonObject().put("upToMessageId", "x"), admin.accessToken()));
        assertProblem(404, server.http.post(CONVERSATIONS + "/" + UUID.randomUUID() + "/read", null, admin.accessToken()));
        assertEquals(200, server.http.post(CONVERSATIONS + "/" + a + "/read", null, admin.accessToken()).status(),
                "marking an empty conversation read is harmless");
    }

    private static int unread(Account caller, String id) {
        Response r = server.http.get(CONVERSATIONS + "/" + id, caller.accessToken());
        assertEquals(200, r.status(), r::toString);
        return r.json().getInteger("unreadCount");
    }
}
