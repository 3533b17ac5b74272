package dev.switchboard.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Search never shows a record its caller cannot open: for every role and every record type, a record is found
 * exactly when the record's own route lets the caller read it; another organization finds nothing.
 */
class SearchAccessTest {

    private static final String WORD = "quokka";

    private static TestServer server;
    private static Account admin;
    private static Account owner;
    private static Account customer;
    private static Account outsider;
    private static final Map<String, Account> callers = new LinkedHashMap<>();
    /** Organization A's records holding the word: id → the route that reads it (messages: their conversation's list). */
    private static final Map<String, String> records = new LinkedHashMap<>();
    private static final Map<String, String> messageConversations = new LinkedHashMap<>();
    private static String privateNote;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = server.register("Search Access");
        owner = server.invite(admin, "agent");
        customer = server.invite(admin, "customer");
        String customerContact = server.linkCustomer(admin, customer).toString();
        callers.put("admin", admin);
        callers.put("manager", server.invite(admin, "manager"));
        callers.put("owning agent", owner);
        callers.put("other agent", server.invite(admin, "agent"));
        callers.put("viewer", server.invite(admin, "viewer"));
        callers.put("customer", customer);
        callers.put("customer of another contact", linkedCustomer());
        outsider = server.register("Search Outsider");

        Response renamed = server.http.patch("/api/v1/contacts/" + customerContact,
                new JsonObject().put("fullName", "Quokka Customer").put("version", 1), admin.accessToken());
        assertEquals(200, renamed.status(), renamed::toString);
        records.put(customerContact, "/api/v1/contacts/");
        String ownedContact = create("/api/v1/contacts", new JsonObject().put("fullName", "Quokka Person").put("ownerUserId", owner.userId()), admin);
        records.put(ownedContact, "/api/v1/contacts/");

        String ownedCase = create("/api/v1/cases", new JsonObject().put("title", "Quokka enclosure").put("ownerUserId", owner.userId()), admin);
        String adminCase = create("/api/v1/cases", new JsonObject().put("title", "Quokka budget").put("ownerUserId", admin.userId()), admin);
        String portalCase = create("/api/v1/cases", new JsonObject().put("title", "Quokka portal request").put("ownerUserId", admin.userId())
                .put("contactId", customerContact), admin);
        List.of(ownedCase, adminCase, portalCase).forEach(id -> records.put(id, "/api/v1/cases/"));

        records.put(create("/api/v1/tasks", new JsonObject().put("title", "Feed the quokka").put("assigneeUserId", owner.userId()), admin),
                "/api/v1/tasks/");
        records.put(create("/api/v1/tasks", new JsonObject().put("title", "Call about the quokka").put("assigneeUserId", admin.userId())
                .put("contactId", customerContact), admin), "/api/v1/tasks/");
        records.put(create("/api/v1/tasks", new JsonObject().put("title", "Count quokkas").put("assigneeUserId", admin.userId()), admin),
                "/api/v1/tasks/");

        privateNote = note(owner, ownedCase, "private");
        records.put(privateNote, "/api/v1/notes/");
        records.put(note(owner, ownedCase, "org"), "/api/v1/notes/");
        records.put(note(admin, adminCase, "org"), "/api/v1/notes/");

        records.put(appointment(owner, new JsonArray().add(new JsonObject().put("contactId", customerContact))), "/api/v1/appointments/");
        records.put(appointment(admin, new JsonArray()), "/api/v1/appointments/");

        String ownedChat = create("/api/v1/conversations", new JsonObject().put("channel", "web_chat").put("subject", "Quokka sighting")
                .put("contactId", ownedContact).put("assigneeUserId", owner.userId()), admin);
        String portalChat = create("/api/v1/conversations", new JsonObject().put("channel", "web_chat").put("subject", "Quokka question")
                .put("contactId", customerContact).put("assigneeUserId", admin.userId()), admin);
        List.of(ownedChat, portalChat).forEach(id -> records.put(id, "/api/v1/conversations/"));
        message(ownedChat, "inbound", "Is the quokka friendly?");
        message(portalChat, "inbound", "Where can I see a quokka?");
        message(portalChat, "internal_note", "Quokka visits are sold out, do not promise one");

        create("/api/v1/cases", new JsonObject().put("title", "Quokka elsewhere"), outsider);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyRoleFindsExactlyTheRecordsItMayOpen() {
        callers.forEach((role, caller) -> {
            Set<String> found = found(caller, WORD);
            List<String> wrong = new ArrayList<>();
            records.forEach((id, route) -> {
                if (found.contains(id) != opens(caller, id, route)) {
                    wrong.add(route + id + (found.contains(id) ? " found but not readable" : " readable but not found"));
                }
            });
            assertEquals(List.of(), wrong, role);
            assertTrue(records.keySet().containsAll(found), role + " found something that is not one of the records: " + found);
        });
        Set<String> allButPrivate = new HashSet<>(records.keySet());
        allButPrivate.remove(privateNote);
        assertEquals(allButPrivate, found(admin, WORD), "the admin finds every record but another user's private note");
        assertTrue(found(owner, WORD).contains(privateNote));
        assertTrue(found(callers.get("other agent"), WORD).size() < found(callers.get("owning agent"), WORD).size());
        assertTrue(found(callers.get("customer"), WORD).size() >= 5, "the customer finds their contact, case, task, appointment, chat");
        assertEquals(Set.of(), found(callers.get("customer of another contact"), WORD));
    }

    @Test
    void customersDoNotFindInternalNotesOrOtherPeoplesRecords() {
        Set<String> types = new HashSet<>();
        for (JsonObject hit : hits(customer, WORD + "&types=message")) {
            types.add(hit.getString("type"));
            assertFalse(hit.getString("snippet").contains("sold out"), hit::toString);
        }
        assertEquals(Set.of("message"), types);
        assertEquals(1, hits(customer, WORD + "&types=message").size());
        assertEquals(3, hits(admin, WORD + "&types=message").size());
    }

    @Test
    void anotherOrganizationFindsNoneOfTheseRecords() {
        List<JsonObject> hits = hits(outsider, WORD);
        assertEquals(1, hits.size(), hits::toString);
        assertFalse(records.containsKey(hits.get(0).getString("id")));
        assertEquals("Quokka elsewhere", hits.get(0).getString("title"));
    }

    private static boolean opens(Account caller, String id, String route) {
        String conversation = messageConversations.get(id);
        if (conversation == null) {
            return server.http.get(route + id, caller.accessToken()).status() == 200;
        }
        Response list = server.http.get("/api/v1/conversations/" + conversation + "/messages?limit=100", caller.accessToken());
        return list.status() == 200 && list.items().stream().anyMatch(m -> ((JsonObject) m).getString("id").equals(id));
    }

    static Set<String> found(Account caller, String q) {
        Set<String> ids = new HashSet<>();
        hits(caller, q).forEach(hit -> ids.add(hit.getString("id")));
        return ids;
    }

    /** Every hit of every page, following the cursor. */
    static List<JsonObject> hits(Account caller, String q) {
        List<JsonObject> hits = new ArrayList<>();
        String cursor = null;
        do {
            Response r = server.http.get("/api/v1/search?limit=100&q=" + q + (cursor == null ? "" : "&cursor=" + cursor), caller.accessToken());
            assertEquals(200, r.status(), r::toString);
            r.items().forEach(hit -> hits.add((JsonObject) hit));
            cursor = r.json().getString("nextCursor");
        } while (cursor != null);
        return hits;
    }

    private static Account linkedCustomer() {
        Account other = server.invite(admin, "customer");
        server.linkCustomer(admin, other);
        return other;
    }

    private static String create(String path, JsonObject body, Account as) {
        Response r = server.http.post(path, body, as.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json().getString("id");
    }

    private static String note(Account author, String caseId, String visibility) {
        return create("/api/v1/notes", new JsonObject().put("entityType", "case").put("entityId", caseId).put("visibility", visibility)
                .put("body", "<p>The <strong>quokka</strong> note, " + visibility + "</p>"), author);
    }

    private static String appointment(Account owner, JsonArray attendees) {
        Instant start = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        return create("/api/v1/appointments", new JsonObject().put("title", "Quokka walk").put("startsAt", start.toString())
                .put("endsAt", start.plus(1, ChronoUnit.HOURS).toString()).put("timezone", "Europe/Berlin").put("attendees", attendees)
                .put("ownerUserId", owner.userId()), admin);
    }

    private static void message(String conversation, String direction, String body) {
        String id = create("/api/v1/conversations/" + conversation + "/messages", new JsonObject().put("direction", direction).put("body", body), admin);
        records.put(id, "message");
        messageConversations.put(id, conversation);
    }
}
