package dev.switchboard.notes;

import static dev.switchboard.contacts.ContactFixtures.ids;
import static dev.switchboard.notes.NoteEndpointTest.NOTES;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.contacts.ContactFixtures;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Private, team and organization notes: who reads, edits and deletes which, per role; other organizations see none. */
class NoteAccessTest {

    private static TestServer server;
    private static ContactFixtures fx;
    private static String contact;
    private static Map<String, Account> callers;
    private static Map<String, String> notes;

    /** caller → the notes of the author they read; everyone but the outsiders reads the parent contact. */
    private static final Map<String, Set<String>> READS = Map.of(
            "author", Set.of("private", "team", "org"),
            "teamMate", Set.of("team", "org"),
            "otherTeamAgent", Set.of(),
            "manager", Set.of("team", "org"),
            "admin", Set.of("team", "org"),
            "viewer", Set.of("org"),
            "linkedCustomer", Set.of(),
            "unlinkedCustomer", Set.of());
    /** Callers who cannot read the parent contact (not theirs, not their team's), so none of its notes: 404. */
    private static final Set<String> NO_PARENT = Set.of("unlinkedCustomer", "otherTeamAgent");

    @BeforeAll
    static void start() {
        server = TestServer.start();
        fx = new ContactFixtures(server);
        Account admin = server.register("Note Access");
        Account author = server.invite(admin, "agent");
        Account teamMate = server.invite(admin, "agent");
        Account otherTeamAgent = server.invite(admin, "agent");
        String team = fx.team(admin, "Support", author, teamMate);
        fx.team(admin, "Sales", otherTeamAgent);
        contact = fx.createContact(admin, new JsonObject().put("fullName", "Shared").put("teamId", team)).getString("id");
        callers = new LinkedHashMap<>();
        callers.put("author", author);
        callers.put("teamMate", teamMate);
        callers.put("otherTeamAgent", otherTeamAgent);
        callers.put("manager", server.invite(admin, "manager"));
        callers.put("admin", admin);
        callers.put("viewer", server.invite(admin, "viewer"));
        callers.put("linkedCustomer", fx.customer(admin, contact));
        callers.put("unlinkedCustomer", fx.customer(admin, null));
        notes = new LinkedHashMap<>();
        notes.put("private", NoteEndpointTest.create(server, author, note("<p>private</p>").put("visibility", "private")));
        notes.put("team", NoteEndpointTest.create(server, author, note("<p>team</p>").put("visibility", "team").put("teamId", team)));
        notes.put("org", NoteEndpointTest.create(server, author, note("<p>org</p>").put("visibility", "org")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void eachRoleListsAndReadsExactlyTheNotesItMaySee() {
        callers.forEach((name, caller) -> {
            Response list = server.http.get(NOTES + "?entityType=contact&entityId=" + contact, caller.accessToken());
            if (NO_PARENT.contains(name)) {
                assertEquals(404, list.status(), name + " lists");
            } else {
                Set<String> expected = READS.get(name).stream().map(notes::get).collect(Collectors.toSet());
                assertEquals(expected, Set.copyOf(ids(list)), name + " lists");
            }
            notes.forEach((label, id) -> assertEquals(READS.get(name).contains(label) ? 200 : 404,
                    server.http.get(NOTES + "/" + id, caller.accessToken()).status(), name + " reads the " + label + " note"));
        });
    }

    @Test
    void onlyTheAuthorOrAManagerEditsAndAgentsDeleteOnlyTheirOwn() throws Exception {
        Map<String, Integer> expectedEdit = Map.of("author", 200, "teamMate", 403, "manager", 200, "admin", 200, "viewer", 403);
        for (var e : expectedEdit.entrySet()) {
            String id = notes.get("org");
            int version = fx.count("SELECT version FROM notes WHERE id = ?::uuid", id);
            Response r = server.http.patch(NOTES + "/" + id, new JsonObject().put("body", "<p>by " + e.getKey() + "</p>")
                    .put("version", version), callers.get(e.getKey()).accessToken());
            assertEquals(e.getValue(), r.status(), () -> e.getKey() + " edits: " + r);
        }
        Response sharing = server.http.patch(NOTES + "/" + notes.get("org"), new JsonObject().put("visibility", "private")
                .put("version", fx.count("SELECT version FROM notes WHERE id = ?::uuid", notes.get("org"))), callers.get("manager").accessToken());
        assertEquals(403, sharing.status(), "only the author changes who reads a note");
        assertEquals(404, server.http.patch(NOTES + "/" + notes.get("private"), new JsonObject().put("body", "x").put("version", 1),
                callers.get("admin").accessToken()).status(), "not even admins see a private note");
        assertEquals(404, server.http.patch(NOTES + "/" + notes.get("org"), new JsonObject().put("body", "x").put("version", 1),
                callers.get("linkedCustomer").accessToken()).status());

        String mateNote = NoteEndpointTest.create(server, callers.get("teamMate"), note("<p>mate</p>").put("visibility", "org"));
        assertEquals(403, server.http.delete(NOTES + "/" + notes.get("org"), callers.get("teamMate").accessToken()).status(),
                "agents delete only their own notes");
        assertEquals(403, server.http.delete(NOTES + "/" + mateNote, callers.get("viewer").accessToken()).status());
        assertEquals(204, server.http.delete(NOTES + "/" + mateNote, callers.get("teamMate").accessToken()).status());
        assertEquals(204, server.http.delete(NOTES + "/" + NoteEndpointTest.create(server, callers.get("author"), note("<p>x</p>")
                .put("visibility", "org")), callers.get("manager").accessToken()).status(), "managers delete any note they read");
        assertEquals(403, server.http.post(NOTES, note("<p>viewer</p>"), callers.get("viewer").accessToken()).status());
        assertEquals(403, server.http.post(NOTES, note("<p>customer</p>"), callers.get("linkedCustomer").accessToken()).status());
    }

    @Test
    void anotherOrganizationGets404ForEveryNoteRouteAndChangesNothing() throws Exception {
        Account outsider = server.register("Note Outsider");
        String theirContact = fx.contact(outsider, "Theirs");
        String theirNote = NoteEndpointTest.create(server, outsider, new JsonObject().put("entityType", "contact")
                .put("entityId", theirContact).put("body", "<p>theirs</p>").put("visibility", "org"));
        Map<String, String> before = new LinkedHashMap<>();
        for (String id : notes.values()) {
            before.put(id, fx.row("notes", id));
        }
        for (String id : notes.values()) {
            assertEquals(404, server.http.get(NOTES + "/" + id, outsider.accessToken()).status());
            assertEquals(404, server.http.patch(NOTES + "/" + id, new JsonObject().put("body", "x").put("version", 1), outsider.accessToken()).status());
            assertEquals(404, server.http.delete(NOTES + "/" + id, outsider.accessToken()).status());
        }
        assertEquals(404, server.http.get(NOTES + "?entityType=contact&entityId=" + contact, outsider.accessToken()).status());
        assertEquals(404, server.http.post(NOTES, note("<p>intrude</p>"), outsider.accessToken()).status());
        assertEquals(List.of(theirNote), ids(server.http.get(NOTES + "?entityType=contact&entityId=" + theirContact, outsider.accessToken())));
        for (var e : before.entrySet()) {
            assertEquals(e.getValue(), fx.row("notes", e.getKey()), "unchanged");
        }
        assertEquals(1, fx.count("SELECT count(*) FROM notes WHERE tenant_id = ?::uuid", outsider.tenantId()));
    }

    private static JsonObject note(String body) {
        return new JsonObject().put("entityType", "contact").put("entityId", contact).put("body", body);
    }
}
