package dev.switchboard.contacts;

import static dev.switchboard.contacts.ContactFixtures.CONTACTS;
import static dev.switchboard.contacts.ContactFixtures.fields;
import static dev.switchboard.contacts.ContactFixtures.ids;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/contacts}: lifecycle, normalisation, unique email, search and filters, events, failed writes. */
class ContactEndpointTest {

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
    void createsReadsAndUpdatesAContactWithNormalisedPhoneAndRegion() throws Exception {
        Account admin = server.register("Contact Lifecycle");
        JsonObject created = fx.createContact(admin, new JsonObject().put("firstName", "Ada").put("lastName", "Lovelace")
                .put("email", "Ada@Example.COM").put("phone", "030 901820").put("region", "germany").put("company", "Analytical")
                .put("tags", new JsonArray().add("vip").add(" vip ").add("eu")).put("customFields", new JsonObject().put("tier", 2)));
        String id = created.getString("id");
        assertEquals("Ada Lovelace", created.getString("fullName"));
        assertEquals("ada@example.com", created.getString("email"));
        assertEquals("+4930901820", created.getString("phone"), "read as a German number because of the region");
        assertEquals("DE", created.getString("region"));
        assertEquals(new JsonArray().add("vip").add("eu"), created.getJsonArray("tags"), "trimmed and de-duplicated");
        assertEquals(admin.userId(), created.getString("ownerUserId"), "the creator owns it by default");
        assertEquals(2, created.getJsonObject("customFields").getInteger("tier"));
        assertEquals(1, created.getInteger("version"));
        assertNull(created.getString("archivedAt"));

        Response read = server.http.get(CONTACTS + "/" + id, admin.accessToken());
        assertEquals(200, read.status(), read::toString);
        assertEquals(created, read.json());
        assertEquals("\"1\"", read.header("ETag"));

        Response updated = server.http.patch(CONTACTS + "/" + id, new JsonObject().put("phone", "+1 (415) 555-2671")
                .put("company", null).put("lastName", "King").put("version", 1), admin.accessToken());
        assertEquals(200, updated.status(), updated::toString);
        JsonObject after = updated.json();
        assertEquals("+14155552671", after.getString("phone"));
        assertNull(after.getString("company"), "null clears a field");
        assertEquals("Ada King", after.getString("fullName"), "derived again from the changed names");
        assertEquals("ada@example.com", after.getString("email"), "fields not named stay");
        assertEquals("DE", after.getString("region"));
        assertEquals(2, after.getInteger("version"));
        assertEquals("\"2\"", updated.header("ETag"));
    }

    @Test
    void rejectsInvalidPhoneRegionAndFieldsWithFieldErrorsAndWritesNothing() throws Exception {
        Account admin = server.register("Contact Validation");
        Map<JsonObject, String> cases = Map.of(
                new JsonObject().put("fullName", "A").put("phone", "12345"), "phone",
                new JsonObject().put("fullName", "A").put("phone", "030 901820"), "phone",
                new JsonObject().put("fullName", "A").put("region", "Atlantis"), "region",
                new JsonObject().put("email", "a@example.com"), "fullName",
                new JsonObject().put("fullName", "A").put("email", "not-an-email"), "email",
                new JsonObject().put("fullName", "A").put("tags", "vip"), "tags",
                new JsonObject().put("fullName", "A").put("customFields", new JsonArray()), "customFields",
                new JsonObject().put("fullName", "A").put("ownerUserId", "nope"), "ownerUserId",
                new JsonObject().put("fullName", "A").put("ownerUserId", UUID.randomUUID().toString()), "ownerUserId",
                new JsonObject().put("fullName", "A").put("teamId", UUID.randomUUID().toString()), "teamId");
        for (var c : cases.entrySet()) {
            Response r = server.http.post(CONTACTS, c.getKey(), admin.accessToken());
            // a well-formed id that names nothing of the organization is 422; anything malformed is 400
            boolean unknownReference = c.getKey().getValue("teamId") != null
                    || c.getKey().getValue("ownerUserId") instanceof String s && s.length() == 36;
            assertEquals(unknownReference ? 422 : 400, r.status(), () -> c.getKey() + " -> " + r);
            assertTrue(fields(r).contains(c.getValue()), () -> c.getKey() + " -> " + r);
        }
        assertEquals(0, fx.count("SELECT count(*) FROM contacts WHERE tenant_id = ?::uuid", admin.tenantId()));
        assertEquals(0, fx.count("SELECT count(*) FROM outbox WHERE tenant_id = ?::uuid AND type LIKE 'contact.%'", admin.tenantId()));
        assertEquals(0, fx.count("SELECT count(*) FROM audit_log WHERE tenant_id = ?::uuid AND action LIKE 'contact.%'", admin.tenantId()));

        String id = fx.contact(admin, "Valid");
        String before = fx.row("contacts", id);
        Response bad = server.http.patch(CONTACTS + "/" + id, new JsonObject().put("region", "Atlantis").put("version", 1),
                admin.accessToken());
        assertEquals(400, bad.status(), bad::toString);
        assertEquals(before, fx.row("contacts", id), "a failed update changes nothing");
        assertEquals(List.of("contact.created"), fx.eventTypes(id));
        assertEquals(List.of("contact.created"), fx.auditActions(id));
    }

    @Test
    void keepsEmailsUniqueAmongActiveContactsIncludingArchiveAndRestore() throws Exception {
        Account admin = server.register("Unique Email");
        String first = fx.createContact(admin, new JsonObject().put("fullName", "First").put("email", "dup@example.com")).getString("id");

        Response clash = server.http.post(CONTACTS, new JsonObject().put("fullName", "Second").put("email", "DUP@example.com"),
                admin.accessToken());
        assertEquals(409, clash.status(), clash::toString);
        assertTrue(clash.json().getString("type").endsWith("/contact-email-taken"), clash::toString);
        assertEquals(1, fx.count("SELECT count(*) FROM contacts WHERE tenant_id = ?::uuid", admin.tenantId()), "no row left");
        assertEquals(1, fx.count("SELECT count(*) FROM outbox WHERE tenant_id = ?::uuid AND type = 'contact.created'", admin.tenantId()),
                "no event left by the failed create");

        String other = fx.createContact(admin, new JsonObject().put("fullName", "Other").put("email", "other@example.com")).getString("id");
        Response renameClash = server.http.patch(CONTACTS + "/" + other, new JsonObject().put("email", "dup@example.com").put("version", 1),
                admin.accessToken());
        assertEquals(409, renameClash.status(), renameClash::toString);

        Response archived = server.http.post(CONTACTS + "/" + first + "/archive", null, admin.accessToken());
        assertEquals(200, archived.status(), archived::toString);
        assertNotNull(archived.json().getString("archivedAt"));
        assertEquals(2, archived.json().getInteger("version"));
        assertEquals(409, server.http.post(CONTACTS + "/" + first + "/archive", null, admin.accessToken()).status(), "archived already");

        String second = fx.createContact(admin, new JsonObject().put("fullName", "Second").put("email", "dup@example.com")).getString("id");
        Response restoreClash = server.http.post(CONTACTS + "/" + first + "/restore", null, admin.accessToken());
        assertEquals(409, restoreClash.status(), restoreClash::toString);
        assertTrue(restoreClash.json().getString("type").endsWith("/contact-email-taken"), restoreClash::toString);
        assertNotNull(server.http.get(CONTACTS + "/" + first, admin.accessToken()).json().getString("archivedAt"), "still archived");
        assertEquals(List.of("contact.created", "contact.archived"), fx.eventTypes(first), "the refused restore left no event");

        assertEquals(200, server.http.post(CONTACTS + "/" + second + "/archive", null, admin.accessToken()).status());
        Response restored = server.http.post(CONTACTS + "/" + first + "/restore", null, admin.accessToken());
        assertEquals(200, restored.status(), restored::toString);
        assertNull(restored.json().getString("archivedAt"));
        assertEquals(409, server.http.post(CONTACTS + "/" + first + "/restore", null, admin.accessToken()).status(), "active already");
    }

    @Test
    void publishesAnEventWithBeforeAndAfterForEachWrite() throws Exception {
        Account admin = server.register("Contact Events");
        String team = fx.team(admin, "Sales");
        String id = fx.createContact(admin, new JsonObject().put("fullName", "Grace").put("email", "grace@example.com")
                .put("teamId", team)).getString("id");
        assertEquals(200, server.http.patch(CONTACTS + "/" + id, new JsonObject().put("company", "Navy").put("version", 1),
                admin.accessToken()).status());
        assertEquals(200, server.http.post(CONTACTS + "/" + id + "/archive", null, admin.accessToken()).status());
        assertEquals(200, server.http.post(CONTACTS + "/" + id + "/restore", null, admin.accessToken()).status());

        List<JsonObject> events = fx.events(id);
        assertEquals(List.of("contact.created", "contact.updated", "contact.archived", "contact.restored"),
                events.stream().map(e -> e.getString("type")).toList());
        events.forEach(e -> {
            assertEquals(admin.tenantId(), e.getString("tenantId"));
            assertEquals("contact", e.getJsonObject("payload").getString("entityType"));
        });
        JsonObject created = events.get(0).getJsonObject("payload");
        assertNull(created.getValue("before"));
        assertEquals(admin.userId(), created.getJsonObject("after").getString("ownerUserId"));
        assertEquals(team, created.getJsonObject("after").getString("teamId"));
        assertEquals(id, created.getJsonObject("after").getString("contactId"));
        assertEquals("active", created.getJsonObject("after").getString("status"));
        JsonObject updated = events.get(1).getJsonObject("payload");
        assertNull(updated.getJsonObject("before").getString("company"));
        assertEquals("Navy", updated.getJsonObject("after").getString("company"));
        JsonObject archived = events.get(2).getJsonObject("payload");
        assertEquals("active", archived.getJsonObject("before").getString("status"));
        assertEquals("archived", archived.getJsonObject("after").getString("status"));
        assertEquals("active", events.get(3).getJsonObject("payload").getJsonObject("after").getString("status"));
        assertEquals(List.of("contact.created", "contact.updated", "contact.archived", "contact.restored"), fx.auditActions(id));
    }

    @Test
    void rejectsAStaleOrMissingVersion() {
        Account admin = server.register("Contact Versions");
        String id = fx.contact(admin, "Versioned");
        assertEquals(200, server.http.patch(CONTACTS + "/" + id, new JsonObject().put("company", "A").put("version", 1),
                admin.accessToken()).status());
        Response stale = server.http.patch(CONTACTS + "/" + id, new JsonObject().put("company", "B").put("version", 1), admin.accessToken());
        assertEquals(409, stale.status(), stale::toString);
        assertTrue(stale.json().getString("type").endsWith("/stale-version"));
        Response staleIfMatch = server.http.send(HttpMethod.PATCH, CONTACTS + "/" + id, admin.accessToken(),
                new JsonObject().put("company", "B").toBuffer(), Map.of("If-Match", "\"1\""));
        assertEquals(412, staleIfMatch.status(), staleIfMatch::toString);
        Response staleArchive = server.http.send(HttpMethod.POST, CONTACTS + "/" + id + "/archive", admin.accessToken(),
                null, Map.of("If-Match", "\"1\""));
        assertEquals(412, staleArchive.status(), staleArchive::toString);
        JsonObject now = server.http.get(CONTACTS + "/" + id, admin.accessToken()).json();
        assertEquals("A", now.getString("company"));
        assertEquals(2, now.getInteger("version"));
        // without a version the write applies to the contact as it stands (last writer wins)
        Response unversioned = server.http.patch(CONTACTS + "/" + id, new JsonObject().put("company", "B"), admin.accessToken());
        assertEquals(200, unversioned.status(), unversioned::toString);
        assertEquals("B", unversioned.json().getString("company"));
        assertEquals(3, unversioned.json().getInteger("version"));
        assertNull(now.getString("archivedAt"));
    }

    @Test
    void searchesByNameEmailCompanyAndPhoneAndFiltersByTagOwnerAndArchived() {
        Account admin = server.register("Contact Search");
        Account agent = server.invite(admin, "agent");
        String ada = fx.createContact(admin, new JsonObject().put("fullName", "Ada Lovelace").put("email", "ada@engines.example")
                .put("company", "Analytical Engines").put("phone", "+44 20 7946 0958").put("tags", new JsonArray().add("vip"))).getString("id");
        String grace = fx.createContact(admin, new JsonObject().put("fullName", "Grace Hopper").put("email", "grace@navy.example")
                .put("phone", "(415) 555-2671").put("ownerUserId", agent.userId())).getString("id");
        String linus = fx.createContact(admin, new JsonObject().put("fullName", "Linus 100%_Sure").put("tags", new JsonArray().add("vip")))
                .getString("id");

        assertEquals(List.of(ada), search(admin, "q=lovelace"));
        assertEquals(List.of(ada), search(admin, "q=ENGINES"), "email and company, any case");
        assertEquals(List.of(grace), search(admin, "q=navy.ex"));
        assertEquals(List.of(grace), search(admin, "q=415%20555"), "phone digits match whatever the formatting");
        assertEquals(List.of(ada), search(admin, "q=%2B4420"));
        assertEquals(List.of(linus), search(admin, "q=100%25_"), "LIKE wildcards in the query are literal");
        assertEquals(List.of(), search(admin, "q=nobody"));
        assertEquals(List.of(ada, linus), search(admin, "tag=vip"));
        assertEquals(List.of(grace), search(admin, "ownerUserId=" + agent.userId()));
        assertEquals(List.of(ada), search(admin, "tag=vip&q=ada"));

        assertEquals(200, server.http.post(CONTACTS + "/" + ada + "/archive", null, admin.accessToken()).status());
        assertEquals(List.of(grace, linus), search(admin, ""), "archived contacts are hidden by default");
        assertEquals(List.of(grace, linus), search(admin, "archived=false"));
        assertEquals(List.of(ada), search(admin, "archived=true"));
        assertEquals(200, server.http.get(CONTACTS + "/" + ada, admin.accessToken()).status(), "an archived contact can still be read");

        for (String bad : List.of("archived=maybe", "ownerUserId=me", "limit=0", "cursor=zzz", "q=" + "x".repeat(201))) {
            Response r = server.http.get(CONTACTS + "?" + bad, admin.accessToken());
            assertEquals(400, r.status(), () -> bad + " -> " + r);
        }
    }

    @Test
    void pagesThroughContactsInCreationOrder() {
        Account admin = server.register("Contact Pages");
        List<String> created = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(fx.contact(admin, "Person " + i));
        }
        List<String> seen = new java.util.ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = server.http.get(CONTACTS + "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), admin.accessToken());
            seen.addAll(ids(page));
            cursor = page.json().getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(created, seen);
    }

    @Test
    void linksAnInvitedCustomerToAContactTheAdminCanRead() throws Exception {
        Account admin = server.register("Portal Links");
        Account agent = server.invite(admin, "agent");
        String contact = fx.contact(admin, "Customer Person");
        Account customer = fx.customer(admin, contact);
        assertEquals(1, fx.count("SELECT count(*) FROM users WHERE id = ?::uuid AND contact_id = ?::uuid", customer.userId(), contact));
        assertEquals(200, server.http.get(CONTACTS + "/" + contact, customer.accessToken()).status());

        Response invites = server.http.get("/api/v1/invites", admin.accessToken());
        assertTrue(invites.items().stream().map(JsonObject.class::cast).anyMatch(i -> contact.equals(i.getString("contactId"))));

        Response unknown = server.http.post("/api/v1/invites", new JsonObject().put("email", "x-" + UUID.randomUUID() + "@example.test")
                .put("role", "customer").put("contactId", UUID.randomUUID().toString()), admin.accessToken());
        assertEquals(404, unknown.status(), unknown::toString);
        Account elsewhere = server.register("Portal Links Elsewhere");
        Response foreign = server.http.post("/api/v1/invites", new JsonObject().put("email", "y-" + UUID.randomUUID() + "@example.test")
                .put("role", "customer").put("contactId", contact), elsewhere.accessToken());
        assertEquals(404, foreign.status(), "another organization's contact is unknown");
        Response notCustomer = server.http.post("/api/v1/invites", new JsonObject().put("email", "z-" + UUID.randomUUID() + "@example.test")
                .put("role", "agent").put("contactId", contact), admin.accessToken());
        assertEquals(400, notCustomer.status(), notCustomer::toString);
        assertTrue(fields(notCustomer).contains("contactId"));
        assertEquals(0, fx.count("SELECT count(*) FROM invites WHERE tenant_id = ?::uuid AND role = 'agent' AND contact_id IS NOT NULL",
                admin.tenantId()));
        assertFalse(agent.userId().isEmpty());
    }

    private static List<String> search(Account caller, String query) {
        return ids(server.http.get(CONTACTS + "?limit=100&" + query, caller.accessToken()));
    }
}
