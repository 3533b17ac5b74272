package dev.switchboard.notes;

import static dev.switchboard.contacts.ContactFixtures.fields;
import static dev.switchboard.contacts.ContactFixtures.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.contacts.ContactFixtures;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/notes}: attach, list, edit, soft delete; sanitised bodies; audited edits and events; failed writes. */
class NoteEndpointTest {

    static final String NOTES = "/api/v1/notes";

    private static TestServer server;
    private static ContactFixtures fx;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        fx = new ContactFixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void attachesListsEditsAndSoftDeletesNotes() throws Exception {
        Account admin = server.register("Note Lifecycle");
        String contact = fx.contact(admin, "Noted Person");
        JsonObject first = create(admin, note(contact, "<p onclick=\"x()\">first <script>alert(1)</script><a href=\"javascript:x()\">bad</a></p>")
                .put("visibility", "org"));
        assertEquals("<p>first bad</p>", first.getString("body"), "sanitised on the way in");
        assertEquals("contact", first.getString("entityType"));
        assertEquals(contact, first.getString("entityId"));
        assertEquals(admin.userId(), first.getString("authorUserId"));
        assertEquals("org", first.getString("visibility"));
        assertEquals(false, first.getBoolean("pinned"));
        String second = create(admin, note(contact, "<p>second</p>")).getString("id");
        String pinned = create(admin, note(contact, "<p>pinned</p>").put("pinned", true)).getString("id");
        String third = create(admin, note(contact, "<p>third</p>")).getString("id");
        String firstId = first.getString("id");

        String list = NOTES + "?entityType=contact&entityId=" + contact;
        assertEquals(List.of(pinned, third, second, firstId), ids(server.http.get(list, admin.accessToken())), "pinned first, then newest");
        Response page1 = server.http.get(list + "&limit=2", admin.accessToken());
        Response page2 = server.http.get(list + "&limit=2&cursor=" + page1.json().getString("nextCursor"), admin.accessToken());
        assertEquals(List.of(pinned, third), ids(page1));
        assertEquals(List.of(second, firstId), ids(page2));

        Response edited = server.http.patch(NOTES + "/" + firstId, new JsonObject().put("body", "<p>first, <em>edited</em><iframe></iframe></p>")
                .put("pinned", true).put("version", 1), admin.accessToken());
        assertEquals(200, edited.status(), edited::toString);
        assertEquals("<p>first, <em>edited</em></p>", edited.json().getString("body"));
        assertEquals(2, edited.json().getInteger("version"));
        assertEquals(List.of(pinned, firstId, third, second), ids(server.http.get(list, admin.accessToken())),
                "pinned ones first, each group newest first");
        Response stale = server.http.patch(NOTES + "/" + firstId, new JsonObject().put("body", "late").put("version", 1), admin.accessToken());
        assertEquals(409, stale.status(), stale::toString);

        assertEquals(204, server.http.delete(NOTES + "/" + firstId, admin.accessToken()).status());
        assertEquals(404, server.http.get(NOTES + "/" + firstId, admin.accessToken()).status());
        assertEquals(404, server.http.patch(NOTES + "/" + firstId, new JsonObject().put("body", "x").put("version", 3), admin.accessToken()).status());
        assertEquals(404, server.http.delete(NOTES + "/" + firstId, admin.accessToken()).status());
        assertEquals(List.of(pinned, third, second), ids(server.http.get(list, admin.accessToken())));
        assertEquals(1, fx.count("SELECT count(*) FROM notes WHERE id = ?::uuid AND deleted_at IS NOT NULL", firstId), "soft deleted");

        List<JsonObject> events = fx.events(firstId);
        assertEquals(List.of("note.created", "note.updated", "note.deleted"), events.stream().map(e -> e.getString("type")).toList());
        events.forEach(e -> assertEquals(admin.tenantId(), e.getString("tenantId")));
        JsonObject update = events.get(1).getJsonObject("payload");
        assertEquals("note", update.getString("entityType"));
        assertEquals("<p>first bad</p>", update.getJsonObject("before").getString("body"));
        assertEquals(1, update.getJsonObject("before").getInteger("version"));
        assertEquals("<p>first, <em>edited</em></p>", update.getJsonObject("after").getString("body"));
        assertEquals(2, update.getJsonObject("after").getInteger("version"));
        assertEquals(true, update.getJsonObject("after").getBoolean("pinned"));
        assertEquals(contact, update.getJsonObject("after").getString("contactId"));
        assertNull(events.get(2).getJsonObject("payload").getValue("after"));
        assertEquals(List.of("note.created", "note.updated", "note.deleted"), fx.auditActions(firstId));
    }

    @Test
    void rejectsBadNotesAndLeavesNoRowOrEvent() throws Exception {
        Account admin = server.register("Note Validation");
        String contact = fx.contact(admin, "Someone");
        String team = fx.team(admin, "Not Mine");
        List<JsonObject> bad = List.of(
                note(contact, "<script>alert(1)</script>"),
                note(contact, "ok").put("entityType", "spaceship"),
                note(contact, "ok").put("entityType", "note"),
                note(contact, "ok").put("visibility", "team"),
                note(contact, "ok").put("visibility", "team").put("teamId", team),
                note(contact, "ok").put("teamId", team),
                note(contact, "ok").put("visibility", "everyone"),
                note(contact, "ok").put("entityId", "nope"),
                new JsonObject().put("entityType", "contact").put("entityId", contact));
        for (JsonObject body : bad) {
            Response r = server.http.post(NOTES, body, admin.accessToken());
            assertEquals(400, r.status(), () -> body + " -> " + r);
            assertTrue(!fields(r).isEmpty(), r::toString);
        }
        Response unknownParent = server.http.post(NOTES, note(UUID.randomUUID().toString(), "ok"), admin.accessToken());
        assertEquals(404, unknownParent.status(), unknownParent::toString);
        assertEquals(400, server.http.get(NOTES + "?entityType=contact", admin.accessToken()).status());
        assertEquals(400, server.http.get(NOTES + "?entityType=planet&entityId=" + contact, admin.accessToken()).status());
        assertEquals(404, server.http.get(NOTES + "?entityType=contact&entityId=" + UUID.randomUUID(), admin.accessToken()).status());

        assertEquals(0, fx.count("SELECT count(*) FROM notes WHERE tenant_id = ?::uuid", admin.tenantId()));
        assertEquals(0, fx.count("SELECT count(*) FROM outbox WHERE tenant_id = ?::uuid AND type LIKE 'note.%'", admin.tenantId()));
        assertEquals(0, fx.count("SELECT count(*) FROM audit_log WHERE tenant_id = ?::uuid AND action LIKE 'note.%'", admin.tenantId()));

        String id = create(admin, note(contact, "<p>kept</p>")).getString("id");
        String before = fx.row("notes", id);
        Response emptied = server.http.patch(NOTES + "/" + id, new JsonObject().put("body", "<img src=x onerror=alert(1)>").put("version", 1),
                admin.accessToken());
        assertEquals(400, emptied.status(), emptied::toString);
        Response toTeam = server.http.patch(NOTES + "/" + id, new JsonObject().put("visibility", "team").put("teamId", team).put("version", 1),
                admin.accessToken());
        assertEquals(400, toTeam.status(), "the author is not a member of the team");
        assertEquals(before, fx.row("notes", id));
        assertEquals(List.of("note.created"), fx.eventTypes(id));
    }

    @Test
    void notesOnAContactFollowTheContactsVisibility() {
        Account admin = server.register("Note Parents");
        Account agent = server.invite(admin, "agent");
        String theirs = fx.createContact(admin, new JsonObject().put("fullName", "Agent's").put("ownerUserId", agent.userId())).getString("id");
        String notTheirs = fx.contact(admin, "Admin's");
        assertEquals(201, server.http.post(NOTES, note(theirs, "mine"), agent.accessToken()).status());
        assertEquals(404, server.http.post(NOTES, note(notTheirs, "sneaky"), agent.accessToken()).status());
        String orgNote = create(admin, note(notTheirs, "org").put("visibility", "org")).getString("id");
        assertEquals(404, server.http.get(NOTES + "/" + orgNote, agent.accessToken()).status(), "the parent is not readable");
        assertEquals(404, server.http.get(NOTES + "?entityType=contact&entityId=" + notTheirs, agent.accessToken()).status());

        assertEquals(200, server.http.patch("/api/v1/contacts/" + notTheirs, new JsonObject().put("ownerUserId", agent.userId())
                .put("version", 1), admin.accessToken()).status());
        Response nowVisible = server.http.get(NOTES + "/" + orgNote, agent.accessToken());
        assertEquals(200, nowVisible.status(), "readable once the parent is");
        assertNotNull(nowVisible.json().getString("id"));
    }

    static JsonObject note(String contactId, String body) {
        return new JsonObject().put("entityType", "contact").put("entityId", contactId).put("body", body);
    }

    static JsonObject create(Account by, JsonObject body) {
        Response r = server.http.post(NOTES, body, by.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json();
    }

    /** Creates a note on {@code on} and returns its id. */
    static String create(TestServer on, Account by, JsonObject body) {
        Response r = on.http.post(NOTES, body, by.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json().getString("id");
    }
}
