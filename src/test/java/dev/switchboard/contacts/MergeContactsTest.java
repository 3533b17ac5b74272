package dev.switchboard.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/contacts/{id}/merge}: every related record moves, values combine, one event; refusals. */
class MergeContactsTest {

    private static final String CONTACTS = "/api/v1/contacts";
    /** Each table and the column that refers to a contact (notes, links and timeline rows also by type). */
    private static final Map<String, String> REFERENCES = Map.of(
            "cases", "SELECT count(*) FROM cases WHERE contact_id = ?::uuid",
            "tasks", "SELECT count(*) FROM tasks WHERE contact_id = ?::uuid",
            "conversations", "SELECT count(*) FROM conversations WHERE contact_id = ?::uuid",
            "messages", "SELECT count(*) FROM messages WHERE sender_contact_id = ?::uuid",
            "notes", "SELECT count(*) FROM notes WHERE entity_type = 'contact' AND entity_id = ?::uuid",
            "attendees", "SELECT count(*) FROM appointment_attendees WHERE contact_id = ?::uuid",
            "links", "SELECT count(*) FROM appointment_links WHERE entity_type = 'contact' AND entity_id = ?::uuid",
            "portal users", "SELECT count(*) FROM users WHERE contact_id = ?::uuid",
            "timeline", "SELECT count(*) FROM timeline_entries WHERE record_type = 'contact' AND record_id = ?::uuid");

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void movesEveryRelatedRecordToTheSurvivorAndArchivesTheDuplicate() {
        Account admin = server.register("Merge Everything");
        Account customer = server.invite(admin, "customer");
        String survivor = contact(admin, new JsonObject().put("fullName", "Dana Scully").put("email", "dana@fbi.example")
                .put("tags", new JsonArray().add("vip")).put("customFields", new JsonObject().put("tier", "gold")));
        String duplicate = contact(admin, new JsonObject().put("fullName", "D. Scully").put("email", "dscully@home.example")
                .put("phone", "+14155552671").put("company", "FBI").put("tags", new JsonArray().add("lead").add("vip"))
                .put("customFields", new JsonObject().put("tier", "silver").put("source", "fair")));
        String kept = server.createContact(admin);
        String caseId = created(server.http.post("/api/v1/cases", new JsonObject().put("title", "X-file").put("contactId", duplicate),
                admin.accessToken()));
        created(server.http.post("/api/v1/tasks", new JsonObject().put("title", "Call back").put("contactId", duplicate),
                admin.accessToken()));
        String conversation = created(server.http.post("/api/v1/conversations", new JsonObject().put("channel", "email")
                .put("subject", "Hello").put("contactId", duplicate), admin.accessToken()));
        created(server.http.post("/api/v1/notes", new JsonObject().put("entityType", "contact").put("entityId", duplicate)
                .put("body", "<p>same person</p>").put("visibility", "org"), admin.accessToken()));
        Instant start = Instant.now().plus(1, ChronoUnit.DAYS);
        JsonObject attendee = new JsonObject().put("contactId", duplicate);
        created(server.http.post("/api/v1/appointments", new JsonObject().put("title", "Meeting").put("startsAt", start.toString())
                .put("endsAt", start.plus(1, ChronoUnit.HOURS).toString()).put("timezone", "UTC")
                .put("attendees", new JsonArray().add(attendee))
                .put("links", new JsonArray().add(new JsonObject().put("entityType", "contact").put("entityId", duplicate))),
                admin.accessToken()));
        // the survivor already attends this one: the duplicate's attendance is dropped, not doubled
        created(server.http.post("/api/v1/appointments", new JsonObject().put("title", "Both").put("startsAt", start.toString())
                .put("endsAt", start.plus(1, ChronoUnit.HOURS).toString()).put("timezone", "UTC")
                .put("attendees", new JsonArray().add(attendee).add(new JsonObject().put("contactId", survivor))), admin.accessToken()));
        TestDatabase.update(server.db, "UPDATE users SET contact_id = ?::uuid WHERE id = ?::uuid", duplicate, customer.userId());
        TestDatabase.update(server.db, """
                INSERT INTO messages (tenant_id, id, conversation_id, direction, body, sender_contact_id)
                VALUES (?::uuid, ?::uuid, ?::uuid, 'inbound', 'hi there', ?::uuid)""",
                admin.tenantId(), UUID.randomUUID().toString(), conversation, duplicate);
        server.awaitEventsApplied();
        REFERENCES.forEach((what, sql) -> assertTrue(count(sql, duplicate) > 0, "the duplicate has " + what + " before"));
        assertEquals(200, server.http.get(CONTACTS + "/" + duplicate, customer.accessToken()).status(), "the portal user's own contact");

        Response merged = server.http.post(CONTACTS + "/" + survivor + "/merge", new JsonObject().put("mergedContactId", duplicate)
                .put("takeFromMerged", new JsonArray().add("email")), admin.accessToken());
        assertEquals(200, merged.status(), merged::toString);
        JsonObject after = merged.json();
        assertEquals("dscully@home.example", after.getString("email"), "the chosen field came from the duplicate");
        assertEquals("Dana Scully", after.getString("fullName"), "the survivor's non-empty values stay");
        assertEquals("+14155552671", after.getString("phone"), "blanks were filled from the duplicate");
        assertEquals("FBI", after.getString("company"));
        assertEquals(new JsonArray().add("vip").add("lead"), after.getJsonArray("tags"));
        assertEquals(new JsonObject().put("tier", "gold").put("source", "fair"), after.getJsonObject("customFields"));

        REFERENCES.forEach((what, sql) -> assertEquals(0, count(sql, duplicate), "the duplicate keeps no " + what));
        assertEquals(1, count(REFERENCES.get("cases"), survivor));
        assertEquals(1, count(REFERENCES.get("tasks"), survivor));
        assertEquals(1, count(REFERENCES.get("conversations"), survivor));
        assertEquals(1, count(REFERENCES.get("messages"), survivor));
        assertEquals(1, count(REFERENCES.get("notes"), survivor));
        assertEquals(2, count(REFERENCES.get("attendees"), survivor), "one attendance moved, one duplicate dropped");
        assertEquals(1, count(REFERENCES.get("links"), survivor));
        assertEquals(1, count(REFERENCES.get("portal users"), survivor));
        assertTrue(count(REFERENCES.get("timeline"), survivor) > 0);
        assertEquals(0, count(REFERENCES.get("cases"), kept), "other contacts' records stay");
        assertEquals(survivor, server.http.get("/api/v1/cases/" + caseId, admin.accessToken()).json().getString("contactId"));

        JsonObject gone = server.http.get(CONTACTS + "/" + duplicate, admin.accessToken()).json();
        assertEquals(survivor, gone.getString("mergedIntoId"), "old links resolve to the survivor");
        assertNotNull(gone.getString("archivedAt"));
        assertNull(after.getString("mergedIntoId"));
        assertEquals(1, server.events(survivor).stream().filter(e -> e.getString("type").equals("contact.merged")).count());
        JsonObject event = server.events(survivor).stream().filter(e -> e.getString("type").equals("contact.merged"))
                .findFirst().orElseThrow().getJsonObject("payload");
        assertEquals(duplicate, event.getString("mergedContactId"));
        assertEquals(1, event.getJsonObject("moved").getInteger("cases"));
        assertEquals(1L, TestDatabase.queryLong(server.db, "SELECT count(*) FROM audit_log WHERE action = 'contact.merged' AND entity_id = ?::uuid",
                survivor));
        server.awaitEventsApplied();
        List<JsonObject> mergeEntries = server.http.get("/api/v1/timeline/contact/" + survivor + "?limit=100", admin.accessToken()).items()
                .stream().map(JsonObject.class::cast).filter(e -> "contact.merged".equals(e.getString("type"))).toList();
        assertEquals(1, mergeEntries.size(), "the merge is on the survivor's timeline once");
        assertEquals("Merged with D. Scully", mergeEntries.get(0).getString("summary"));

        Eventually.await(() -> server.http.get(CONTACTS + "/" + survivor, customer.accessToken()).status() == 200,
                Duration.ofSeconds(5), "the portal user sees the survivor without waiting for caches to expire");
        assertEquals(404, server.http.get(CONTACTS + "/" + duplicate, customer.accessToken()).status());

        assertEquals(409, server.http.post(CONTACTS + "/" + duplicate + "/restore", new JsonObject(), admin.accessToken()).status(),
                "a merged contact is not restored");
        Response again = server.http.post(CONTACTS + "/" + survivor + "/merge", new JsonObject().put("mergedContactId", duplicate),
                admin.accessToken());
        assertEquals(409, again.status(), again::toString);
    }

    @Test
    void refusesOtherOrganizationsInvisibleContactsAndBadRequests() {
        Account admin = server.register("Merge Refusals");
        Account agent = server.invite(admin, "agent");
        Account viewer = server.invite(admin, "viewer");
        String first = server.createContact(admin);
        String second = server.createContact(admin);
        String agents = server.createContact(agent);
        Account stranger = server.register("Merge Stranger");
        String strangers = server.createContact(stranger);

        assertEquals(404, merge(stranger, first, strangers).status(), "another organization's survivor");
        assertEquals(422, merge(stranger, strangers, first).status(), "another organization's duplicate");
        assertEquals(422, merge(agent, agents, first).status(), "a contact the agent cannot see");
        assertEquals(404, merge(agent, first, agents).status(), "a survivor the agent cannot see");
        assertEquals(403, merge(viewer, first, second).status(), "viewers read but do not write");
        Response same = merge(admin, first, first);
        assertEquals(400, same.status(), same::toString);
        Response missing = server.http.post(CONTACTS + "/" + first + "/merge", new JsonObject()
                .put("takeFromMerged", new JsonArray().add("shoeSize")), admin.accessToken());
        assertEquals(400, missing.status(), missing::toString);
        assertEquals(2, missing.json().getJsonArray("errors").size(), "both fields are named: " + missing);

        for (String id : new String[] {first, second, agents}) {
            assertNull(server.http.get(CONTACTS + "/" + id, admin.accessToken()).json().getString("mergedIntoId"));
        }
        assertNull(server.http.get(CONTACTS + "/" + strangers, stranger.accessToken()).json().getString("archivedAt"));
        assertEquals(0L, TestDatabase.queryLong(server.db, "SELECT count(*) FROM outbox WHERE type = 'contact.merged' AND tenant_id IN (?::uuid, ?::uuid)",
                admin.tenantId(), stranger.tenantId()));
    }

    private static Response merge(Account who, String survivor, String duplicate) {
        return server.http.post(CONTACTS + "/" + survivor + "/merge", new JsonObject().put("mergedContactId", duplicate), who.accessToken());
    }

    private static String contact(Account who, JsonObject body) {
        return created(server.http.post(CONTACTS, body, who.accessToken()));
    }

    private static String created(Response r) {
        assertEquals(201, r.status(), r::toString);
        return r.json().getString("id");
    }

    private static long count(String sql, String contactId) {
        return TestDatabase.queryLong(server.db, sql, contactId);
    }
}
