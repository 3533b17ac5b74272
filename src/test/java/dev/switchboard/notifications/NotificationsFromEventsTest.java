package dev.switchboard.notifications;

import static dev.switchboard.notifications.NotificationFixtures.NOTIFICATIONS;
import static dev.switchboard.notifications.NotificationFixtures.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.conversations.ConversationFixtures;
import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The notifications consumer: which domain events notify whom, exactly once per event however often it
 * is delivered, collapsing repeats within an hour, and respecting each user's settings.
 */
class NotificationsFromEventsTest {

    private static TestServer server;
    private static NotificationFixtures fx;
    private static ConversationFixtures conversations;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        fx = new NotificationFixtures(server);
        conversations = new ConversationFixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aCaseAssignedToYouNotifiesYouButNeverTheOneWhoAssignedIt() throws Exception {
        Account admin = server.register("Case Assignments");
        Account agent = server.invite(admin, "agent");
        UUID selfAssigned = UUID.randomUUID();
        fx.append(admin, agent.userId(), "case.assigned", selfAssigned, null, owner(agent).put("title", "Mine"));
        UUID caseId = UUID.randomUUID();
        fx.append(admin, admin.userId(), "case.assigned", caseId, owner(admin), owner(agent).put("title", "Leaking roof").put("number", 12));

        JsonObject n = fx.awaitCount(agent, 1).getJsonObject(0);
        assertEquals("case_assigned", n.getString("type"));
        assertEquals("#12 Leaking roof", n.getString("body"));
        assertEquals("/cases/" + caseId, n.getString("link"));
        assertEquals("case", n.getString("entityType"));
        assertEquals(caseId.toString(), n.getString("entityId"));
        assertNull(n.getString("readAt"));
        assertEquals(1, n.getInteger("count"));
        assertEquals(1, fx.list(agent, "").size(), "assigning a case to yourself notifies nobody");
        assertEquals(0, fx.list(admin, "").size());
    }

    @Test
    void notifiesTaskAssigneesAndCaseOwnersOfStatusChanges() throws Exception {
        Account admin = server.register("Tasks And Statuses");
        Account agent = server.invite(admin, "agent");
        UUID created = UUID.randomUUID();
        UUID reassigned = UUID.randomUUID();
        UUID caseId = UUID.randomUUID();
        fx.append(admin, admin.userId(), "task.created", created, null, new JsonObject().put("assigneeUserId", agent.userId()).put("title", "Call back"));
        fx.append(admin, admin.userId(), "task.assigned", reassigned, new JsonObject(), new JsonObject().put("assigneeUserId", agent.userId()));
        fx.append(admin, admin.userId(), "task.created", UUID.randomUUID(), null, new JsonObject().put("title", "Unassigned"));
        fx.append(admin, admin.userId(), "case.status_changed", caseId, owner(agent).put("status", "new"), owner(agent).put("status", "won"));

        JsonArray items = fx.awaitCount(agent, 3);
        assertEquals(3, items.size(), "a task created without an assignee notifies nobody");
        assertEquals("task_assigned", byEntity(items, reassigned).getString("type"));
        assertEquals("/tasks/" + reassigned, byEntity(items, reassigned).getString("link"));
        assertEquals("Call back", byEntity(items, created).getString("body"));
        assertEquals("case_status_changed", byEntity(items, caseId).getString("type"));
        assertTrue(byEntity(items, caseId).getString("title").contains("won"));
    }

    @Test
    void aCaseReadyForHandoffNotifiesEveryManagerAndTheHandoffAnswerNotifiesThePreviousOwner() throws Exception {
        Account admin = server.register("Handoffs");
        Account manager = server.invite(admin, "manager");
        Account otherManager = server.invite(admin, "manager");
        Account agent = server.invite(admin, "agent");
        Account bystander = server.invite(admin, "agent");
        UUID caseId = UUID.randomUUID();
        fx.append(admin, agent.userId(), "case.status_changed", caseId, owner(agent).put("status", "open"),
                owner(agent).put("status", "pending_handoff").put("title", "Big deal"));

        for (Account m : List.of(admin, manager, otherManager)) {
            JsonObject n = fx.awaitCount(m, 1).getJsonObject(0);
            assertEquals("handoff_ready", n.getString("type"));
            assertEquals("/cases/" + caseId, n.getString("link"));
        }
        fx.append(admin, manager.userId(), "case.handoff_accepted", caseId, owner(agent), owner(manager));
        fx.append(admin, manager.userId(), "case.handoff_denied", UUID.randomUUID(), owner(agent), owner(agent));
        JsonArray answers = fx.awaitCount(agent, 2);
        assertEquals(List.of("handoff_denied", "handoff_accepted").stream().sorted().toList(), types(answers).stream().sorted().toList());
        assertEquals(0, fx.list(bystander, "").size(), "agents are not asked to take handoffs");
        assertEquals(1, fx.list(manager, "").size(), "the manager who answered is not notified of it");
    }

    @Test
    void assigningAConversationNotifiesTheNewAssigneeThroughTheRealOutbox() throws Exception {
        Account admin = server.register("Conversation Assignments");
        Account agent = server.invite(admin, "agent");
        String id = conversations.create(admin, new JsonObject().put("channel", "email").put("subject", "Where is my order?")).getString("id");
        assertEquals(200, server.http.patch(ConversationFixtures.CONVERSATIONS + "/" + id,
                new JsonObject().put("assigneeUserId", agent.userId()).put("version", 1), admin.accessToken()).status());

        JsonObject n = fx.awaitCount(agent, 1).getJsonObject(0);
        assertEquals("conversation_assigned", n.getString("type"));
        assertEquals("Where is my order?", n.getString("body"));
        assertEquals("/conversations/" + id, n.getString("link"));
        assertEquals(1, fx.count("SELECT count(*) FROM outbox WHERE type = 'notification.created' AND payload->'after'->>'userId' = ?",
                agent.userId()), "each new notification is published for the user's realtime channel");
    }

    @Test
    void mentionsInNotesAndInternalNotesNotifyTheMentionedUsers() throws Exception {
        Account admin = server.register("Mentions");
        Account agent = server.invite(admin, "agent");
        Account manager = server.invite(admin, "manager");
        String id = conversations.create(admin, new JsonObject().put("channel", "email")).getString("id");
        conversations.message(admin, id, "internal_note", "@[Agent](user:" + agent.userId() + ") and @[Me](user:" + admin.userId()
                + ") and @[Ghost](user:" + UUID.randomUUID() + ") please look");
        conversations.message(admin, id, "outbound", "@[Manager](user:" + manager.userId() + ") outbound text mentions nobody");
        UUID noteId = UUID.randomUUID();
        fx.append(admin, agent.userId(), "note.created", noteId, null,
                new JsonObject().put("body", "<p>@[Manager](user:" + manager.userId() + ") approve?</p>"));

        JsonObject mention = fx.awaitCount(agent, 1).getJsonObject(0);
        assertEquals("mention", mention.getString("type"));
        assertEquals("@Agent and @Me and @Ghost please look", mention.getString("body"));
        assertEquals("/conversations/" + id, mention.getString("link"));
        JsonObject noted = fx.awaitCount(manager, 1).getJsonObject(0);
        assertEquals("/notes/" + noteId, noted.getString("link"));
        assertEquals(1, fx.list(manager, "").size(), "outbound messages are not scanned for mentions");
        assertEquals(0, fx.list(admin, "").size(), "mentioning yourself notifies nobody");
        assertEquals(2, fx.count("SELECT count(*) FROM notifications WHERE tenant_id = ?::uuid", admin.tenantId()),
                "an unknown user id is ignored");
    }

    @Test
    void anEventDeliveredAgainCreatesNothingMore() throws Exception {
        Account admin = server.register("Redelivery");
        Account agent = server.invite(admin, "agent");
        EventEnvelope event = fx.append(admin, admin.userId(), "case.assigned", UUID.randomUUID(), null, owner(agent));
        fx.awaitCount(agent, 1);
        fx.awaitProcessed(event);

        fx.redeliver(event);
        fx.redeliver(event);
        EventEnvelope later = fx.append(admin, admin.userId(), "case.assigned", UUID.randomUUID(), null, owner(admin));
        fx.awaitProcessed(later);
        JsonArray items = fx.list(agent, "");
        assertEquals(1, items.size());
        assertEquals(1, items.getJsonObject(0).getInteger("count"), "a redelivery is not a repeat: the count stays 1");
    }

    @Test
    void repeatsWithinAnHourCollapseIntoOneNotificationAndLaterOnesDoNot() throws Exception {
        Account admin = server.register("Dedupe");
        Account agent = server.invite(admin, "agent");
        UUID conversationId = UUID.randomUUID();
        JsonObject assigned = new JsonObject().put("assigneeUserId", agent.userId()).put("subject", "Same thread");
        fx.append(admin, admin.userId(), "conversation.assigned", conversationId, null, assigned);
        JsonObject first = fx.awaitCount(agent, 1).getJsonObject(0);
        String id = first.getString("id");
        assertEquals(200, server.http.post(NOTIFICATIONS + "/" + id + "/read", null, agent.accessToken()).status());

        EventEnvelope again = fx.append(admin, admin.userId(), "conversation.assigned", conversationId, null, assigned);
        fx.awaitProcessed(again);
        JsonArray items = fx.list(agent, "");
        assertEquals(1, items.size());
        JsonObject collapsed = items.getJsonObject(0);
        assertEquals(id, collapsed.getString("id"));
        assertEquals(2, collapsed.getInteger("count"));
        assertNull(collapsed.getString("readAt"), "a repeat makes it unread again");
        assertNotEquals(first.getString("updatedAt"), collapsed.getString("updatedAt"));
        assertEquals(first.getString("createdAt"), collapsed.getString("createdAt"));

        fx.execute("UPDATE notifications SET created_at = created_at - interval '61 minutes' WHERE id = ?::uuid", id);
        EventEnvelope later = fx.append(admin, admin.userId(), "conversation.assigned", conversationId, null, assigned);
        fx.awaitProcessed(later);
        JsonArray afterAnHour = fx.list(agent, "");
        assertEquals(2, afterAnHour.size(), "an hour after the first, a repeat is a new notification");
        assertEquals(1, afterAnHour.getJsonObject(0).getInteger("count"));
        assertEquals(2, afterAnHour.getJsonObject(1).getInteger("count"));
    }

    @Test
    void aTypeSwitchedOffInAppIsNotStored() throws Exception {
        Account admin = server.register("Quiet Agent");
        Account agent = server.invite(admin, "agent");
        assertEquals(200, server.http.put(NOTIFICATIONS + "/settings",
                new JsonObject().put("case_assigned", new JsonObject().put("inApp", false)), agent.accessToken()).status());

        EventEnvelope muted = fx.append(admin, admin.userId(), "case.assigned", UUID.randomUUID(), null, owner(agent));
        fx.awaitProcessed(muted);
        assertEquals(0, fx.count("SELECT count(*) FROM notifications WHERE user_id = ?::uuid", agent.userId()));
        fx.append(admin, admin.userId(), "task.assigned", UUID.randomUUID(), null, new JsonObject().put("assigneeUserId", agent.userId()));
        assertEquals(List.of("task_assigned"), types(fx.awaitCount(agent, 1)), "other types still arrive");
    }

    @Test
    void skipsAndCountsEventsItCannotMap() throws Exception {
        Account admin = server.register("Broken Events");
        Account agent = server.invite(admin, "agent");
        String series = "switchboard_notifications_skipped_total{reason=\"unmappable\"}";
        double before = fx.metric(series);
        fx.append(admin, admin.userId(), "case.assigned", null, null, owner(agent));
        fx.append(admin, admin.userId(), "conversation.assigned", UUID.randomUUID(), null, null);
        fx.append(admin, admin.userId(), "message.noted", UUID.randomUUID(), null, new JsonObject().put("body", "no conversation"));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (fx.metric(series) < before + 3 && System.nanoTime() < deadline) {
            Thread.sleep(25);
        }
        assertEquals(before + 3, fx.metric(series));
        assertEquals(0, fx.list(agent, "").size());
    }

    /** Events are handled concurrently, so notifications of several events are found by their record, not their position. */
    private static JsonObject byEntity(JsonArray items, UUID entityId) {
        return items.stream().map(JsonObject.class::cast).filter(n -> entityId.toString().equals(n.getString("entityId")))
                .findFirst().orElseThrow(() -> new AssertionError("no notification for " + entityId + " in " + items.encode()));
    }

    private static JsonObject owner(Account account) {
        return new JsonObject().put("ownerUserId", account.userId());
    }
}
