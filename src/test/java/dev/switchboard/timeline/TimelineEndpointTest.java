package dev.switchboard.timeline;

import static dev.switchboard.timeline.TimelineFixtures.hasSummary;
import static dev.switchboard.timeline.TimelineFixtures.summaries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.conversations.ConversationFixtures;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The timeline over HTTP: entries and summaries, the contact rollup, per-entry permissions, paging and filters. */
class TimelineEndpointTest {

    private static TestServer server;
    private static TimelineFixtures fx;
    private static ConversationFixtures conversations;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        fx = new TimelineFixtures(server);
        conversations = new ConversationFixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyEntryTypeAppearsWithItsSummaryAndTheContactRollsUpItsCasesAndConversations() throws Exception {
        Account admin = server.register("Timeline Entries");
        String contact = fx.contact(admin);
        String caseId = fx.caseFor(admin, contact, "Leaking roof");
        assertEquals(200, server.http.post("/api/v1/cases/" + caseId + "/status",
                new JsonObject().put("stage", "qualified").put("reason", "called"), admin.accessToken()).status());
        fx.note(admin, "case", caseId, "Called the customer", "org");
        String task = fx.created(admin, "/api/v1/tasks", new JsonObject().put("title", "Send quote").put("caseId", caseId));
        Response done = server.http.patch("/api/v1/tasks/" + task, new JsonObject().put("status", "done").put("version", 1),
                admin.accessToken());
        assertEquals(200, done.status(), done::toString);
        fx.appointment(admin, "Site visit", contact);
        String conversation = fx.created(admin, "/api/v1/conversations", new JsonObject().put("channel", "email")
                .put("subject", "Invoice question").put("contactId", contact));
        conversations.message(admin, conversation, "inbound", "where is my invoice?");
        conversations.message(admin, conversation, "outbound", "attached");
        conversations.message(admin, conversation, "internal_note", "check billing");

        JsonArray caseTimeline = fx.await(admin, "case", caseId, hasSummary("Task completed: Send quote"));
        List<String> onCase = summaries(caseTimeline);
        assertTrue(onCase.containsAll(List.of("Status changed: New → Qualified", "Note added", "Task created: Send quote",
                "Task completed: Send quote")), onCase::toString);
        assertTrue(onCase.stream().anyMatch(s -> s.startsWith("Case created: #") && s.endsWith(" Leaking roof")), onCase::toString);

        JsonArray contactTimeline = fx.await(admin, "contact", contact, hasSummary("Internal comment added"));
        List<String> onContact = summaries(contactTimeline);
        assertTrue(onContact.containsAll(List.of("Contact created: Casey Contact", "Status changed: New → Qualified", "Note added",
                "Task completed: Send quote", "Meeting scheduled: Site visit", "Conversation started: Invoice question",
                "Email received: Invoice question", "Email queued: Invoice question", "Internal comment added")), onContact::toString);

        JsonObject status = contactTimeline.stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("type").equals("case.status_changed")).findFirst().orElseThrow();
        assertEquals(new JsonObject().put("type", "case").put("id", caseId), status.getJsonObject("entity"));
        assertEquals(new JsonObject().put("type", "user").put("id", admin.userId()), status.getJsonObject("actor"));
        assertEquals("qualified", status.getJsonObject("data").getString("toStage"));
        assertNewestFirst(contactTimeline);

        List<String> onConversation = summaries(fx.await(admin, "conversation", conversation, hasSummary("Internal comment added")));
        assertFalse(onConversation.contains("Case created: #1 Leaking roof"), "a conversation shows only its own entries");
        List<String> onAppointment = summaries(fx.awaitSize(admin, "appointment",
                contactTimeline.stream().map(JsonObject.class::cast).filter(e -> e.getString("type").equals("appointment.created"))
                        .findFirst().orElseThrow().getJsonObject("entity").getString("id"), 1));
        assertEquals(List.of("Meeting scheduled: Site visit"), onAppointment);
    }

    @Test
    void privateNotesAndOthersAppointmentsNeverLeakTheirContent() throws Exception {
        Account admin = server.register("Timeline Permissions");
        Account agent = server.invite(admin, "agent");
        String contact = fx.contact(agent);
        fx.note(agent, "contact", contact, "agent secret", "private");
        fx.note(admin, "contact", contact, "admin secret", "private");
        fx.note(admin, "contact", contact, "for everyone", "org");
        fx.appointment(admin, "Confidential merger talk", contact);

        JsonArray asAdmin = fx.await(admin, "contact", contact, hasSummary("Meeting scheduled: Confidential merger talk"));
        JsonArray asAgent = fx.await(agent, "contact", contact, hasSummary("Busy"));

        assertEquals(List.of("<p>for everyone</p>", "<p>admin secret</p>"), noteBodies(asAdmin));
        assertEquals(List.of("<p>for everyone</p>", "<p>agent secret</p>"), noteBodies(asAgent));
        JsonObject busy = asAgent.stream().map(JsonObject.class::cast).filter(e -> e.getString("type").equals("appointment.created"))
                .findFirst().orElseThrow();
        assertEquals("Busy", busy.getString("summary"));
        assertNull(busy.getValue("actor"));
        assertEquals(Set.of("startsAt", "endsAt"), busy.getJsonObject("data").fieldNames());
        assertFalse(asAgent.encode().contains("Confidential"), asAgent::encodePrettily);
        assertFalse(asAgent.encode().contains("admin secret"));
    }

    @Test
    void pagesStayStableWhileNewEntriesArrive() throws Exception {
        Account admin = server.register("Timeline Paging");
        String contact = fx.contact(admin);
        for (int i = 0; i < 9; i++) {
            fx.note(admin, "contact", contact, "note " + i, "org");
        }
        JsonArray before = fx.awaitSize(admin, "contact", contact, 10);
        List<String> expected = ids(before);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response r = fx.page(admin, "contact", contact, "limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, r.status(), r::toString);
            seen.addAll(ids(r.items()));
            cursor = r.json().getString("nextCursor");
            if (pages++ == 0) {
                fx.note(admin, "contact", contact, "late arrival", "org");
                fx.await(admin, "contact", contact, items -> items.size() == 11);
            }
        } while (cursor != null);

        assertEquals(expected, seen, "every entry exactly once, in order, although one arrived meanwhile");
        JsonArray first = fx.page(admin, "contact", contact, "limit=2").items();
        assertEquals("<p>late arrival</p>", first.getJsonObject(0).getJsonObject("data").getString("body"),
                "the cached first page was invalidated by the new note");
        assertEquals(400, fx.page(admin, "contact", contact, "cursor=nonsense").status());
        assertEquals(400, fx.page(admin, "contact", contact, "limit=0").status());
    }

    @Test
    void filtersByEntryTypeAndTimeRange() throws Exception {
        Account admin = server.register("Timeline Filters");
        String contact = fx.contact(admin);
        fx.note(admin, "contact", contact, "one", "org");
        fx.note(admin, "contact", contact, "two", "org");
        String caseId = fx.caseFor(admin, contact, "Filtered");
        JsonArray all = fx.awaitSize(admin, "contact", contact, 4);

        assertEquals(List.of("note.created", "note.created"), types(fx.page(admin, "contact", contact, "types=note").items()));
        assertEquals(List.of("case.created", "contact.created"),
                types(fx.page(admin, "contact", contact, "types=case.created,contact.created").items()));
        assertEquals(List.of(), types(fx.page(admin, "contact", contact, "types=task").items()));

        String middle = all.getJsonObject(2).getString("at");
        List<String> fromMiddle = ids(fx.page(admin, "contact", contact, "from=" + middle).items());
        List<String> beforeMiddle = ids(fx.page(admin, "contact", contact, "to=" + middle).items());
        assertEquals(ids(all).subList(0, 3), fromMiddle, "from is inclusive");
        assertEquals(ids(all).subList(3, 4), beforeMiddle, "to is exclusive");
        assertEquals(List.of(), ids(fx.page(admin, "contact", contact, "from=" + Instant.now().plusSeconds(3600)).items()));
        assertEquals(400, fx.page(admin, "contact", contact, "from=yesterday").status());
        assertEquals(caseId, all.getJsonObject(0).getJsonObject("entity").getString("id"));
    }

    @Test
    void anotherOrganizationAndUnknownRecordsGet404() throws Exception {
        Account a = server.register("Timeline Owner");
        Account b = server.register("Timeline Prober");
        Account customer = server.invite(a, "customer");
        String contact = fx.contact(a);
        fx.awaitSize(a, "contact", contact, 1);

        assertEquals(404, fx.page(b, "contact", contact, "").status());
        assertEquals(404, fx.page(customer, "contact", contact, "").status(), "a customer not linked to the contact");
        assertEquals(404, fx.page(a, "contact", TimelineFixtures.randomId(), "").status());
        assertEquals(404, fx.page(a, "case", contact, "").status());
        assertEquals(404, fx.page(a, "task", contact, "").status());
        assertEquals(404, fx.page(a, "contact", "not-a-uuid", "").status());
        assertEquals(401, server.http.get(TimelineFixtures.TIMELINE + "contact/" + contact, null).status());
    }

    private static void assertNewestFirst(JsonArray items) {
        List<String> ats = new ArrayList<>();
        items.forEach(o -> ats.add(((JsonObject) o).getString("at")));
        for (int i = 1; i < ats.size(); i++) {
            assertTrue(Instant.parse(ats.get(i - 1)).compareTo(Instant.parse(ats.get(i))) >= 0, ats::toString);
        }
        assertEquals(ats.size(), new HashSet<>(ids(items)).size());
    }

    private static List<String> noteBodies(JsonArray items) {
        List<String> out = new ArrayList<>();
        items.forEach(o -> {
            JsonObject e = (JsonObject) o;
            if (e.getString("type").equals("note.created")) {
                out.add(e.getJsonObject("data").getString("body"));
            }
        });
        return out;
    }

    static List<String> ids(JsonArray items) {
        List<String> out = new ArrayList<>();
        items.forEach(o -> out.add(((JsonObject) o).getString("id")));
        return out;
    }

    private static List<String> types(JsonArray items) {
        List<String> out = new ArrayList<>();
        items.forEach(o -> out.add(((JsonObject) o).getString("type")));
        return out;
    }
}
