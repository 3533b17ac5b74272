package dev.switchboard.conversations;

import static dev.switchboard.conversations.ConversationFixtures.CONVERSATIONS;
import static dev.switchboard.conversations.ConversationFixtures.assertProblem;
import static dev.switchboard.conversations.ConversationFixtures.fields;
import static dev.switchboard.conversations.ConversationFixtures.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/conversations}: create, read, update, filters, validation and the events each write publishes. */
class ConversationEndpointTest {

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
    void createsReadsAndUpdatesAConversation() throws Exception {
        Account admin = server.register("Conversation Lifecycle");
        Account agent = server.invite(admin, "agent");
        String contact = fx.contact(admin);
        JsonObject created = fx.create(admin, new JsonObject().put("channel", "web_chat").put("subject", "Refund?")
                .put("contactId", contact).put("assigneeUserId", agent.userId()).put("priority", "high")
                .put("labels", new JsonArray().add(" Billing ").add("billing").add("VIP")));
        String id = created.getString("id");
        assertNotNull(UUID.fromString(id));
        assertEquals("web_chat", created.getString("channel"));
        assertEquals("open", created.getString("status"));
        assertEquals("high", created.getString("priority"));
        assertEquals(contact, created.getString("contactId"));
        assertEquals(agent.userId(), created.getString("assigneeUserId"));
        assertEquals(List.of("billing", "vip"), created.getJsonArray("labels").getList(), "labels are trimmed, lower-cased, distinct");
        assertNull(created.getString("lastMessageAt"));
        assertEquals(0, created.getInteger("unreadCount"));
        assertEquals(1, created.getInteger("version"));

        Response read = server.http.get(CONVERSATIONS + "/" + id, admin.accessToken());
        assertEquals(200, read.status(), read::toString);
        assertEquals("\"1\"", read.header("ETag"));
        assertEquals(created, read.json());

        Response updated = server.http.patch(CONVERSATIONS + "/" + id, new JsonObject().put("subject", "Refund for order 7")
                .put("labels", new JsonArray().add("refund")).put("version", 1), admin.accessToken());
        assertEquals(200, updated.status(), updated::toString);
        assertEquals("Refund for order 7", updated.json().getString("subject"));
        assertEquals(List.of("refund"), updated.json().getJsonArray("labels").getList());
        assertEquals("high", updated.json().getString("priority"), "fields not sent are kept");
        assertEquals(2, updated.json().getInteger("version"));

        List<JsonObject> events = fx.events(id);
        assertEquals(List.of("conversation.created", "conversation.assigned", "conversation.updated"),
                events.stream().map(e -> e.getString("type")).toList());
        JsonObject createdEvent = events.get(0);
        assertEquals(admin.tenantId(), createdEvent.getString("tenantId"));
        assertEquals(admin.userId(), createdEvent.getString("actorId"));
        JsonObject after = createdEvent.getJsonObject("payload").getJsonObject("after");
        assertEquals(agent.userId(), after.getString("assigneeUserId"));
        assertEquals(contact, after.getString("contactId"));
        assertEquals("open", after.getString("status"));
        assertTrue(after.containsKey("teamId"));
        JsonObject update = events.get(2).getJsonObject("payload");
        assertEquals("Refund?", update.getJsonObject("before").getString("subject"));
        assertEquals("Refund for order 7", update.getJsonObject("after").getString("subject"));
        assertEquals(3, fx.count("SELECT count(*) FROM audit_log WHERE entity_id = ?::uuid", id));
    }

    @Test
    void publishesStatusChangesAndAssignmentsAsTheirOwnEvents() throws Exception {
        Account admin = server.register("Conversation Events");
        Account agent = server.invite(admin, "agent");
        String id = fx.create(admin, new JsonObject().put("channel", "email")).getString("id");

        patch(admin, id, new JsonObject().put("status", "pending"), 1);
        patch(admin, id, new JsonObject().put("assigneeUserId", agent.userId()), 2);
        patch(admin, id, new JsonObject().put("status", "resolved").put("assigneeUserId", null).put("priority", "low"), 3);
        Response unchanged = patch(admin, id, new JsonObject().put("status", "resolved"), 4);
        assertEquals(4, unchanged.json().getInteger("version"), "a patch that changes nothing writes nothing");

        assertEquals(List.of("conversation.created", "conversation.status_changed", "conversation.assigned",
                "conversation.status_changed", "conversation.assigned", "conversation.updated"), fx.eventTypes(id));
        JsonObject assigned = fx.events(id).get(2).getJsonObject("payload");
        assertNull(assigned.getJsonObject("before").getString("assigneeUserId"));
        assertEquals(agent.userId(), assigned.getJsonObject("after").getString("assigneeUserId"));
        JsonObject statusChanged = fx.events(id).get(3).getJsonObject("payload");
        assertEquals("pending", statusChanged.getJsonObject("before").getString("status"));
        assertEquals("resolved", statusChanged.getJsonObject("after").getString("status"));
    }

    @Test
    void snoozingNeedsAFutureTimeAndLeavingSnoozeClearsIt() {
        Account admin = server.register("Snooze Co");
        String id = fx.create(admin, new JsonObject().put("channel", "sms")).getString("id");

        Response noTime = server.http.patch(CONVERSATIONS + "/" + id, new JsonObject().put("status", "snoozed").put("version", 1),
                admin.accessToken());
        assertProblem(400, noTime);
        assertEquals(List.of("snoozedUntil"), fields(noTime));
        Response past = server.http.patch(CONVERSATIONS + "/" + id, new JsonObject().put("status", "snoozed")
                .put("snoozedUntil", Instant.now().minus(1, ChronoUnit.HOURS).toString()).put("version", 1), admin.accessToken());
        assertProblem(400, past);
        Response notSnoozed = server.http.patch(CONVERSATIONS + "/" + id, new JsonObject()
                .put("snoozedUntil", Instant.now().plus(1, ChronoUnit.HOURS).toString()).put("version", 1), admin.accessToken());
        assertProblem(400, notSnoozed);

        String until = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        JsonObject snoozed = patch(admin, id, new JsonObject().put("status", "snoozed").put("snoozedUntil", until), 1).json();
        assertEquals("snoozed", snoozed.getString("status"));
        assertEquals(until, snoozed.getString("snoozedUntil"));
        JsonObject reopened = patch(admin, id, new JsonObject().put("status", "open"), 2).json();
        assertNull(reopened.getString("snoozedUntil"));
    }

    @Test
    void filtersByLabelStatusChannelAssigneeAndContact() {
        Account admin = server.register("Filters Co");
        Account agent = server.invite(admin, "agent");
        String contact = fx.contact(admin);
        String vip = fx.create(admin, new JsonObject().put("channel", "email").put("labels", new JsonArray().add("vip"))
                .put("contactId", contact)).getString("id");
        String sms = fx.create(admin, new JsonObject().put("channel", "sms").put("status", "pending")
                .put("assigneeUserId", agent.userId())).getString("id");
        String both = fx.create(admin, new JsonObject().put("channel", "sms").put("labels", new JsonArray().add("vip").add("urgent")))
                .getString("id");

        assertEquals(List.of(both, vip), list(admin, "?label=VIP"), "newest first");
        assertEquals(List.of(both), list(admin, "?label=urgent"));
        assertEquals(List.of(sms), list(admin, "?status=pending"));
        assertEquals(List.of(both, sms), list(admin, "?channel=sms"));
        assertEquals(List.of(sms, both), list(admin, "?channel=sms&sort=createdAt"));
        assertEquals(List.of(both), list(admin, "?channel=sms&label=vip"));
        assertEquals(List.of(sms), list(admin, "?assigneeUserId=" + agent.userId()));
        assertEquals(List.of(vip), list(admin, "?contactId=" + contact));
        assertProblem(400, server.http.get(CONVERSATIONS + "?status=asleep", admin.accessToken()));
        assertProblem(400, server.http.get(CONVERSATIONS + "?assigneeUserId=me", admin.accessToken()));
    }

    @Test
    void pagesThroughConversationsWithACursor() {
        Account admin = server.register("Many Conversations");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(fx.create(admin, new JsonObject().put("channel", "internal")).getString("id"));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Response page = server.http.get(CONVERSATIONS + "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), admin.accessToken());
            seen.addAll(ids(page));
            cursor = page.json().getString("nextCursor");
        } while (cursor != null && seen.size() < 10);
        java.util.Collections.reverse(created);
        assertEquals(created, seen, "newest first");
    }

    @Test
    void anAgentWhoNamesNoAssigneeBecomesTheAssignee() {
        Account admin = server.register("Self Assign");
        Account agent = server.invite(admin, "agent");
        JsonObject mine = fx.create(agent, new JsonObject().put("channel", "email"));
        assertEquals(agent.userId(), mine.getString("assigneeUserId"));
        assertEquals(200, server.http.get(CONVERSATIONS + "/" + mine.getString("id"), agent.accessToken()).status());
        JsonObject unassigned = fx.create(admin, new JsonObject().put("channel", "email"));
        assertNull(unassigned.getString("assigneeUserId"), "managers and admins see everything and leave it unassigned");
    }

    @Test
    void rejectsInvalidInputAndWritesNothing() throws Exception {
        Account admin = server.register("Conversation Validation");
        // values of the wrong type or format, and values outside their sets, are all named in one answer
        Response mistyped = server.http.post(CONVERSATIONS, new JsonObject().put("channel", "fax").put("contactId", "nope")
                .put("priority", "asap").put("labels", "vip").put("snoozedUntil", "tomorrow"), admin.accessToken());
        assertProblem(400, mistyped);
        assertEquals(List.of("channel", "contactId", "labels", "priority", "snoozedUntil"), fields(mistyped).stream().sorted().toList());
        Response bad = server.http.post(CONVERSATIONS, new JsonObject().put("channel", "fax").put("priority", "asap")
                .put("labels", new JsonArray().add(" ")), admin.accessToken());
        assertProblem(400, bad);
        assertEquals(List.of("channel", "labels", "priority"), fields(bad).stream().sorted().toList());
        assertProblem(400, server.http.post(CONVERSATIONS, new JsonObject(), admin.accessToken()));
        assertProblem(400, server.http.post(CONVERSATIONS, new JsonObject().put("channel", "email")
                .put("labels", new JsonArray(java.util.Collections.nCopies(21, "x"))), admin.accessToken()));

        Account other = server.register("Someone Else");
        Response unknownUser = server.http.post(CONVERSATIONS, new JsonObject().put("channel", "email")
                .put("assigneeUserId", other.userId()), admin.accessToken());
        assertProblem(422, unknownUser);
        assertEquals(List.of("assigneeUserId"), fields(unknownUser), "a user of another organization is unknown here");
        Response unknownTeam = server.http.post(CONVERSATIONS, new JsonObject().put("channel", "email")
                .put("teamId", UUID.randomUUID().toString()), admin.accessToken());
        assertEquals(List.of("teamId"), fields(unknownTeam));

        assertEquals(0, fx.count("SELECT count(*) FROM conversations WHERE tenant_id = ?::uuid", admin.tenantId()));
        assertEquals(0, fx.count("SELECT count(*) FROM outbox WHERE tenant_id = ?::uuid AND type LIKE 'conversation.%'", admin.tenantId()));
        assertEquals(0, fx.count("SELECT count(*) FROM audit_log WHERE tenant_id = ?::uuid AND action LIKE 'conversation.%'", admin.tenantId()));
    }

    @Test
    void aFailedUpdateLeavesNoChangeNoAuditEntryAndNoEvent() throws Exception {
        Account admin = server.register("Failed Updates");
        String id = fx.create(admin, new JsonObject().put("channel", "email").put("subject", "Before")).getString("id");

        Response unknownTeam = server.http.patch(CONVERSATIONS + "/" + id, new JsonObject().put("subject", "After")
                .put("teamId", UUID.randomUUID().toString()).put("version", 1), admin.accessToken());
        assertProblem(422, unknownTeam);
        assertEquals(List.of("teamId"), fields(unknownTeam));
        Response stale = server.http.patch(CONVERSATIONS + "/" + id, new JsonObject().put("subject", "After").put("version", 7),
                admin.accessToken());
        assertProblem(409, stale);
        Response staleIfMatch = server.http.send(HttpMethod.PATCH, CONVERSATIONS + "/" + id, admin.accessToken(),
                new JsonObject().put("subject", "After").toBuffer(), Map.of("If-Match", "\"0\""));
        assertProblem(412, staleIfMatch);
        assertProblem(400, server.http.patch(CONVERSATIONS + "/" + id, new JsonObject().put("subject", "x".repeat(501)), admin.accessToken()));
        assertProblem(400, server.http.patch(CONVERSATIONS + "/" + id, new JsonObject().put("channel", "sms").put("version", 1),
                admin.accessToken()));

        JsonObject now = server.http.get(CONVERSATIONS + "/" + id, admin.accessToken()).json();
        assertEquals("Before", now.getString("subject"));
        assertEquals(1, now.getInteger("version"));
        assertEquals(List.of("conversation.created"), fx.eventTypes(id));
        assertEquals(1, fx.count("SELECT count(*) FROM audit_log WHERE entity_id = ?::uuid", id));
    }

    @Test
    void unknownAndMalformedIdsAnswer404() {
        Account admin = server.register("Unknown Ids");
        assertProblem(404, server.http.get(CONVERSATIONS + "/" + UUID.randomUUID(), admin.accessToken()));
        assertProblem(404, server.http.get(CONVERSATIONS + "/not-an-id", admin.accessToken()));
        assertProblem(404, server.http.patch(CONVERSATIONS + "/" + UUID.randomUUID(), new JsonObject().put("subject", "x")
                .put("version", 1), admin.accessToken()));
        assertFalse(server.http.get(CONVERSATIONS, admin.accessToken()).items().size() > 0);
    }

    private static Response patch(Account caller, String id, JsonObject body, int version) {
        Response r = server.http.patch(CONVERSATIONS + "/" + id, body.copy().put("version", version), caller.accessToken());
        assertEquals(200, r.status(), r::toString);
        return r;
    }

    private static List<String> list(Account caller, String query) {
        return ids(server.http.get(CONVERSATIONS + query, caller.accessToken()));
    }
}
