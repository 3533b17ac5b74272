package dev.switchboard.contacts;

import static dev.switchboard.contacts.ContactFixtures.CONTACTS;
import static dev.switchboard.contacts.ContactFixtures.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who reads and writes which contact, per role; and another organization sees none of them. */
class ContactAccessTest {

    private static TestServer server;
    private static ContactFixtures fx;
    private static Account admin;
    private static Map<String, Account> callers;
    /** own: owned by the agent; team: in the team agent "teamMember" belongs to; other: neither; linked: the customer's. */
    private static Map<String, String> contacts;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        fx = new ContactFixtures(server);
        admin = server.register("Contact Access");
        Account agent = server.invite(admin, "agent");
        Account teamMember = server.invite(admin, "agent");
        String team = fx.team(admin, "Key Accounts", teamMember);
        contacts = new LinkedHashMap<>();
        contacts.put("own", fx.createContact(admin, new JsonObject().put("fullName", "Own").put("ownerUserId", agent.userId())).getString("id"));
        contacts.put("team", fx.createContact(admin, new JsonObject().put("fullName", "Team").put("teamId", team)).getString("id"));
        contacts.put("other", fx.contact(admin, "Other"));
        contacts.put("linked", fx.contact(admin, "Linked"));
        callers = new LinkedHashMap<>();
        callers.put("admin", admin);
        callers.put("manager", server.invite(admin, "manager"));
        callers.put("agent", agent);
        callers.put("teamMember", teamMember);
        callers.put("viewer", server.invite(admin, "viewer"));
        callers.put("linkedCustomer", fx.customer(admin, contacts.get("linked")));
        callers.put("unlinkedCustomer", fx.customer(admin, null));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** caller → contacts they read; writers write exactly what they read. */
    private static final Map<String, Set<String>> READS = Map.of(
            "admin", Set.of("own", "team", "other", "linked"),
            "manager", Set.of("own", "team", "other", "linked"),
            "agent", Set.of("own"),
            "teamMember", Set.of("team"),
            "viewer", Set.of("own", "team", "other", "linked"),
            "linkedCustomer", Set.of("linked"),
            "unlinkedCustomer", Set.of());
    private static final Set<String> WRITERS = Set.of("admin", "manager", "agent", "teamMember");

    @Test
    void eachRoleListsAndReadsExactlyTheContactsItMaySee() {
        callers.forEach((name, caller) -> {
            Set<String> expected = READS.get(name).stream().map(contacts::get).collect(Collectors.toSet());
            assertEquals(expected, Set.copyOf(ids(server.http.get(CONTACTS + "?limit=100", caller.accessToken()))), name + " lists");
            contacts.forEach((label, id) -> {
                int status = server.http.get(CONTACTS + "/" + id, caller.accessToken()).status();
                assertEquals(READS.get(name).contains(label) ? 200 : 404, status, name + " reads " + label);
            });
        });
    }

    @Test
    void eachRoleChangesOnlyWhatItSeesAndMayWrite() throws Exception {
        for (var caller : callers.entrySet()) {
            for (var contact : contacts.entrySet()) {
                String name = caller.getKey();
                boolean sees = READS.get(name).contains(contact.getKey());
                int expected = !sees ? 404 : WRITERS.contains(name) ? 200 : 403;
                String path = CONTACTS + "/" + contact.getValue();
                int version = fx.count("SELECT version FROM contacts WHERE id = ?::uuid", contact.getValue());
                Response patch = server.http.patch(path, new JsonObject().put("company", name).put("version", version),
                        caller.getValue().accessToken());
                assertEquals(expected, patch.status(), () -> name + " updates " + contact.getKey() + ": " + patch);
                Response archive = server.http.post(path + "/archive", null, caller.getValue().accessToken());
                assertEquals(expected, archive.status(), () -> name + " archives " + contact.getKey() + ": " + archive);
                if (archive.status() == 200) {
                    assertEquals(200, server.http.post(path + "/restore", null, caller.getValue().accessToken()).status());
                } else {
                    assertEquals(expected, server.http.post(path + "/restore", null, caller.getValue().accessToken()).status());
                }
            }
        }
        for (var caller : callers.entrySet()) {
            Response create = server.http.post(CONTACTS, new JsonObject().put("fullName", "By " + caller.getKey()),
                    caller.getValue().accessToken());
            assertEquals(WRITERS.contains(caller.getKey()) ? 201 : 403, create.status(), () -> caller.getKey() + " creates: " + create);
            if (create.status() == 201) {
                // out of the default lists the other test compares
                String path = CONTACTS + "/" + create.json().getString("id") + "/archive";
                assertEquals(200, server.http.post(path, null, admin.accessToken()).status());
            }
        }
    }

    @Test
    void anotherOrganizationGets404ForEveryContactRouteAndChangesNothing() throws Exception {
        Account outsider = server.register("Contact Outsider");
        String theirs = fx.contact(outsider, "Their Contact");
        Map<String, String> before = new LinkedHashMap<>();
        for (String id : contacts.values()) {
            before.put(id, fx.row("contacts", id));
        }
        for (String id : contacts.values()) {
            String path = CONTACTS + "/" + id;
            assertEquals(404, server.http.get(path, outsider.accessToken()).status());
            assertEquals(404, server.http.patch(path, new JsonObject().put("company", "Taken").put("version", 1), outsider.accessToken()).status());
            assertEquals(404, server.http.post(path + "/archive", null, outsider.accessToken()).status());
            assertEquals(404, server.http.post(path + "/restore", null, outsider.accessToken()).status());
        }
        assertEquals(List.of(theirs), ids(server.http.get(CONTACTS + "?limit=100", outsider.accessToken())));
        assertEquals(List.of(), ids(server.http.get(CONTACTS + "?limit=100&archived=true", outsider.accessToken())));
        assertEquals(List.of(), ids(server.http.get(CONTACTS + "?limit=100&q=o", outsider.accessToken())).stream()
                .filter(contacts::containsValue).toList(), "no contact of ours is found by search");
        assertFalse(ids(server.http.get(CONTACTS + "?limit=100", admin.accessToken())).contains(theirs));
        before.forEach((id, row) -> {
            try {
                assertEquals(row, fx.row("contacts", id), "unchanged");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(0, fx.count("SELECT count(*) FROM outbox WHERE tenant_id = ?::uuid AND type <> 'contact.created' "
                + "AND type LIKE 'contact.%'", outsider.tenantId()));
        assertTrue(server.http.get(CONTACTS + "/" + UUID.randomUUID(), admin.accessToken()).status() == 404);
    }
}
