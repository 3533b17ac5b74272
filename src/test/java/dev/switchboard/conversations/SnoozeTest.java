package dev.switchboard.conversations;

import static dev.switchboard.conversations.ConversationFixtures.CONVERSATIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Snoozed conversations open again by themselves at {@code snoozedUntil} (never before), and at once on a new inbound message. */
class SnoozeTest {

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
    void aSnoozedConversationReopensAtItsTimeAndNotBefore() throws Exception {
        Account admin = server.register("Snooze Alarm");
        String id = fx.create(admin, new JsonObject().put("channel", "web_chat")).getString("id");
        Instant until = Instant.now().plusMillis(2500).truncatedTo(ChronoUnit.MILLIS);
        snooze(admin, id, until);

        while (Instant.now().isBefore(until.minusMillis(200))) {
            assertEquals("snoozed", get(admin, id).getString("status"), "still snoozed before " + until);
            Thread.sleep(100);
        }
        Eventually.await(() -> "open".equals(get(admin, id).getString("status")), Duration.ofSeconds(10), "the conversation to wake up");
        JsonObject woken = get(admin, id);
        assertNull(woken.getString("snoozedUntil"));
        assertFalse(Instant.parse(woken.getString("updatedAt")).isBefore(until), "woke at " + woken.getString("updatedAt"));
        List<JsonObject> events = fx.events(id);
        JsonObject last = events.get(events.size() - 1);
        assertEquals("conversation.status_changed", last.getString("type"));
        assertNull(last.getString("actorId"), "the system woke it");
        assertEquals("snoozed", last.getJsonObject("payload").getJsonObject("before").getString("status"));
        assertEquals("open", last.getJsonObject("payload").getJsonObject("after").getString("status"));
    }

    @Test
    void snoozingAgainUntilLaterKeepsItSnoozedPastTheFirstTime() throws Exception {
        Account admin = server.register("Snooze Twice");
        String id = fx.create(admin, new JsonObject().put("channel", "web_chat")).getString("id");
        snooze(admin, id, Instant.now().plusMillis(500));
        Instant later = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);
        snooze(admin, id, later);
        Thread.sleep(1500);
        JsonObject c = get(admin, id);
        assertEquals("snoozed", c.getString("status"));
        assertEquals(later, Instant.parse(c.getString("snoozedUntil")));
        assertEquals(2, fx.count("SELECT count(*) FROM jobs WHERE tenant_id = ?::uuid AND kind = 'conversation.wake'", admin.tenantId()));
    }

    @Test
    void aNewInboundMessageWakesASnoozedConversationAtOnce() throws Exception {
        Account admin = server.register("Snooze Interrupted");
        String id = fx.create(admin, new JsonObject().put("channel", "email").put("contactId", fx.contact(admin))).getString("id");
        snooze(admin, id, Instant.now().plus(Duration.ofDays(7)));
        fx.message(admin, id, "internal_note", "waiting for the customer");
        assertEquals("snoozed", get(admin, id).getString("status"), "a note does not wake it");

        fx.message(admin, id, "inbound", "any news?");
        JsonObject woken = get(admin, id);
        assertEquals("open", woken.getString("status"));
        assertNull(woken.getString("snoozedUntil"));
        assertEquals(List.of("conversation.created", "conversation.status_changed", "conversation.status_changed"), fx.eventTypes(id));
    }

    private static void snooze(Account caller, String id, Instant until) {
        Response r = server.http.patch(CONVERSATIONS + "/" + id, new JsonObject().put("status", "snoozed")
                .put("snoozedUntil", until.toString()).put("version", get(caller, id).getInteger("version")), caller.accessToken());
        assertEquals(200, r.status(), r::toString);
    }

    private static JsonObject get(Account caller, String id) {
        Response r = server.http.get(CONVERSATIONS + "/" + id, caller.accessToken());
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }
}
