package dev.switchboard.notifications;

import static dev.switchboard.notifications.NotificationFixtures.NOTIFICATIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.conversations.ConversationFixtures;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/notifications}: a user's own notifications, read state and settings, and nobody else's. */
class NotificationEndpointTest {

    private static TestServer server;
    private static NotificationFixtures fx;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        fx = new NotificationFixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void listsNewestFirstCountsUnreadAndMarksRead() throws Exception {
        Account admin = server.register("Inbox Co");
        Account agent = server.invite(admin, "agent");
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            UUID task = UUID.randomUUID();
            tasks.add(task.toString());
            fx.append(admin, admin.userId(), "task.assigned", task, null, new JsonObject().put("assigneeUserId", agent.userId()));
            fx.awaitCount(agent, i + 1);
        }
        JsonArray items = fx.list(agent, "");
        assertEquals(List.of(tasks.get(2), tasks.get(1), tasks.get(0)),
                items.stream().map(n -> ((JsonObject) n).getString("entityId")).toList(), "newest first");
        assertEquals(3, unreadCount(agent));

        String oldest = items.getJsonObject(2).getString("id");
        Response read = server.http.post(NOTIFICATIONS + "/" + oldest + "/read", null, agent.accessToken());
        assertEquals(200, read.status(), read::toString);
        assertNotNull(read.json().getString("readAt"));
        assertEquals(read.json(), server.http.post(NOTIFICATIONS + "/" + oldest + "/read", null, agent.accessToken()).json(),
                "reading again changes nothing");
        assertEquals(2, unreadCount(agent));
        assertEquals(2, fx.list(agent, "&unread=true").size());
        assertTrue(fx.list(agent, "&unread=true").stream().noneMatch(n -> ((JsonObject) n).getString("id").equals(oldest)));

        Response all = server.http.post(NOTIFICATIONS + "/read-all", null, agent.accessToken());
        assertEquals(2, all.json().getInteger("updated"));
        assertEquals(0, unreadCount(agent));
        assertEquals(0, server.http.post(NOTIFICATIONS + "/read-all", null, agent.accessToken()).json().getInteger("updated"));
        assertEquals(3, fx.list(agent, "").size());
        assertEquals(1, fx.count("SELECT count(*) FROM outbox WHERE type = 'notification.read' AND payload->>'entityId' = ?", oldest));
        assertEquals(1, fx.count("SELECT count(*) FROM outbox WHERE type = 'notification.read_all' AND actor_id = ?::uuid", agent.userId()));
        assertEquals(400, server.http.get(NOTIFICATIONS + "?unread=maybe", agent.accessToken()).status());
    }

    @Test
    void pagesNewestFirstWithACursor() throws Exception {
        Account admin = server.register("Paged Inbox");
        Account agent = server.invite(admin, "agent");
        for (int i = 0; i < 5; i++) {
            fx.append(admin, admin.userId(), "task.assigned", UUID.randomUUID(), null, new JsonObject().put("assigneeUserId", agent.userId()));
        }
        List<String> all = fx.awaitCount(agent, 5).stream().map(n -> ((JsonObject) n).getString("id")).toList();
        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            Response page = server.http.get(NOTIFICATIONS + "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), agent.accessToken());
            page.items().forEach(n -> paged.add(((JsonObject) n).getString("id")));
            cursor = page.json().getString("nextCursor");
        } while (cursor != null && paged.size() < 10);
        assertEquals(all, paged);
        assertEquals(all.stream().sorted(java.util.Comparator.reverseOrder()).toList(), all);
    }

    @Test
    void usersOnlyEverSeeTheirOwnNotifications() throws Exception {
        Account admin = server.register("Own Inbox");
        Account agent = server.invite(admin, "agent");
        Account colleague = server.invite(admin, "agent");
        Account outsider = server.register("Other Inbox");
        fx.append(admin, admin.userId(), "case.assigned", UUID.randomUUID(), null, new JsonObject().put("ownerUserId", agent.userId()));
        String id = fx.awaitCount(agent, 1).getJsonObject(0).getString("id");

        for (Account other : List.of(colleague, admin, outsider)) {
            Response r = server.http.post(NOTIFICATIONS + "/" + id + "/read", null, other.accessToken());
            assertEquals(404, r.status(), r::toString);
            assertEquals(0, fx.list(other, "").size());
            assertEquals(0, unreadCount(other));
            assertEquals(0, server.http.post(NOTIFICATIONS + "/read-all", null, other.accessToken()).json().getInteger("updated"));
        }
        assertEquals(404, server.http.post(NOTIFICATIONS + "/" + UUID.randomUUID() + "/read", null, agent.accessToken()).status());
        assertEquals(404, server.http.post(NOTIFICATIONS + "/not-an-id/read", null, agent.accessToken()).status());
        assertEquals(1, unreadCount(agent), "nobody else's action read it");
        assertEquals(0, fx.count("SELECT count(*) FROM notifications WHERE id = ?::uuid AND read_at IS NOT NULL", id));
    }

    @Test
    void readsAndChangesSettingsPerTypeAndChannel() throws Exception {
        Account admin = server.register("Settings Co");
        Account customer = server.invite(admin, "customer");
        server.linkCustomer(admin, customer);
        JsonObject defaults = server.http.get(NOTIFICATIONS + "/settings", admin.accessToken()).json();
        assertEquals(NotificationType.values().length, defaults.size());
        defaults.forEach(e -> assertEquals(new JsonObject().put("inApp", true).put("email", true), e.getValue(), e.getKey()));

        Response put = server.http.put(NOTIFICATIONS + "/settings", new JsonObject()
                .put("mention", new JsonObject().put("email", false))
                .put("handoff_ready", new JsonObject().put("inApp", false).put("email", false)), admin.accessToken());
        assertEquals(200, put.status(), put::toString);
        assertEquals(new JsonObject().put("inApp", true).put("email", false), put.json().getJsonObject("mention"));
        assertEquals(new JsonObject().put("inApp", false).put("email", false), put.json().getJsonObject("handoff_ready"));
        assertEquals(put.json(), server.http.get(NOTIFICATIONS + "/settings", admin.accessToken()).json());
        server.http.put(NOTIFICATIONS + "/settings", new JsonObject().put("mention", new JsonObject().put("inApp", false)), admin.accessToken());
        assertEquals(new JsonObject().put("inApp", false).put("email", false),
                server.http.get(NOTIFICATIONS + "/settings", admin.accessToken()).json().getJsonObject("mention"), "unnamed channels are kept");
        assertEquals(defaults, server.http.get(NOTIFICATIONS + "/settings", customer.accessToken()).json(), "settings are per user");

        for (JsonObject bad : List.of(new JsonObject().put("birthday", new JsonObject().put("inApp", true)),
                new JsonObject().put("mention", true), new JsonObject().put("mention", new JsonObject().put("inApp", "yes")),
                new JsonObject().put("mention", new JsonObject().put("sms", true)))) {
            Response r = server.http.put(NOTIFICATIONS + "/settings", bad, admin.accessToken());
            assertEquals(400, r.status(), () -> bad + " → " + r);
        }
        assertEquals(2, fx.count("SELECT count(*) FROM notification_settings WHERE user_id = ?::uuid", admin.userId()));
        assertEquals(2, fx.count("SELECT count(*) FROM outbox WHERE type = 'notification_settings.updated' AND actor_id = ?::uuid",
                admin.userId()));
    }

    private static int unreadCount(Account caller) {
        Response r = server.http.get(NOTIFICATIONS + "/unread-count", caller.accessToken());
        assertEquals(200, r.status(), r::toString);
        return r.json().getInteger("count");
    }
}
