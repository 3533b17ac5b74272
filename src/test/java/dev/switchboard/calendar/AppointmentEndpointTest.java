package dev.switchboard.calendar;

import static dev.switchboard.calendar.CalendarFixtures.APPOINTMENTS;
import static dev.switchboard.testing.ApiAssertions.assertProblem;
import static dev.switchboard.calendar.CalendarFixtures.body;
import static dev.switchboard.testing.ApiAssertions.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/appointments}: create, reschedule, reminders, cancel, responses, links, validation, events. */
class AppointmentEndpointTest {

    private static TestServer server;
    private static CalendarFixtures calendar;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        calendar = new CalendarFixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void createsAndReadsAnAppointmentWithAttendeesLinksAndDefaultReminders() throws Exception {
        Account admin = server.register("Appointments");
        Account agent = server.invite(admin, "agent");
        String contact = server.createContact(admin);
        String caseId = server.createCase(admin);
        JsonObject created = calendar.create(admin, new JsonObject().put("title", "Kick-off").put("description", "Agenda: scope")
                .put("startsAt", "2031-03-10T10:00:00+01:00").put("endsAt", "2031-03-10T11:30:00+01:00").put("timezone", "Europe/Vienna")
                .put("kind", "call")
                .put("attendees", new JsonArray().add(new JsonObject().put("userId", agent.userId())).add(new JsonObject().put("contactId", contact)))
                .put("links", new JsonArray().add(new JsonObject().put("entityType", "case").put("entityId", caseId))));
        String id = created.getString("id");
        assertEquals("2031-03-10T09:00:00Z", created.getString("startsAt"));
        assertEquals("2031-03-10T10:30:00Z", created.getString("endsAt"));
        assertEquals("Europe/Vienna", created.getString("timezone"));
        assertEquals("call", created.getString("kind"));
        assertEquals(admin.userId(), created.getString("ownerUserId"), "the creator owns it by default");
        assertEquals(new JsonArray().add(1440).add(60), created.getJsonArray("reminderOffsetsMinutes"));
        assertEquals(new JsonArray()
                .add(new JsonObject().put("userId", agent.userId()).putNull("contactId").put("response", "needs_action").putNull("respondedAt"))
                .add(new JsonObject().putNull("userId").put("contactId", contact).put("response", "needs_action").putNull("respondedAt")),
                created.getJsonArray("attendees"));
        assertEquals(new JsonArray().add(new JsonObject().put("entityType", "case").put("entityId", caseId)), created.getJsonArray("links"));
        assertNull(created.getString("cancelledAt"));
        assertEquals(1, created.getInteger("version"));

        assertEquals(created, calendar.read(admin, id));
        assertEquals(created, calendar.read(agent, id), "attendees read it");
        assertEquals(List.of(id), calendar.listed(agent, ""));
        assertEquals(List.of("1440@2031-03-09T09:00:00Z", "60@2031-03-10T08:00:00Z"), calendar.reminders(id));

        JsonObject event = calendar.events(id).get(0);
        assertEquals("appointment.created", event.getString("type"));
        assertEquals(admin.tenantId(), event.getString("tenantId"));
        JsonObject after = event.getJsonObject("payload").getJsonObject("after");
        assertEquals(admin.userId(), after.getString("ownerUserId"));
        assertEquals(new JsonArray().add(agent.userId()), after.getJsonArray("attendeeUserIds"));
        assertEquals(new JsonArray().add(contact), after.getJsonArray("attendeeContactIds"));
        assertEquals("scheduled", after.getString("status"));
    }

    @Test
    void remindersAreStoredRewrittenOnRescheduleAndRemovedOnCancel() throws Exception {
        Account admin = server.register("Reminders");
        JsonObject created = calendar.create(admin, new JsonObject().put("title", "Review").put("startsAt", "2032-06-01T12:00:00Z")
                .put("endsAt", "2032-06-01T13:00:00Z").put("timezone", "UTC"));
        String id = created.getString("id");
        assertEquals(List.of("1440@2032-05-31T12:00:00Z", "60@2032-06-01T11:00:00Z"), calendar.reminders(id));

        Response moved = calendar.patch(admin, id, new JsonObject().put("startsAt", "2032-06-03T08:00:00Z").put("endsAt", "2032-06-03T09:00:00Z"));
        assertEquals(200, moved.status(), moved::toString);
        assertEquals(List.of("1440@2032-06-02T08:00:00Z", "60@2032-06-03T07:00:00Z"), calendar.reminders(id), "rewritten on reschedule");

        calendar.patch(admin, id, new JsonObject().put("reminderOffsetsMinutes", new JsonArray().add(15).add(0)));
        assertEquals(List.of("15@2032-06-03T07:45:00Z", "0@2032-06-03T08:00:00Z"), calendar.reminders(id));
        calendar.patch(admin, id, new JsonObject().put("title", "Review, renamed"));
        assertEquals(2, calendar.reminders(id).size(), "a change that is not a reschedule keeps them");

        Response cancelled = server.http.post(APPOINTMENTS + "/" + id + "/cancel", null, admin.accessToken());
        assertEquals(200, cancelled.status(), cancelled::toString);
        assertEquals(List.of(), calendar.reminders(id), "removed on cancel");

        Instant soon = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(3, ChronoUnit.HOURS);
        String shortNotice = calendar.create(admin, new JsonObject().put("title", "Short notice").put("startsAt", soon.toString())
                .put("endsAt", soon.plus(30, ChronoUnit.MINUTES).toString()).put("timezone", "UTC")).getString("id");
        assertEquals(List.of("60@" + soon.minus(1, ChronoUnit.HOURS)), calendar.reminders(shortNotice),
                "a reminder whose time has passed is not stored");
    }

    @Test
    void reschedulingAtAStaleVersionIsRefusedAndPublishesRescheduled() throws Exception {
        Account admin = server.register("Reschedule");
        String id = calendar.create(admin, body("Standup", 5)).getString("id");
        JsonObject before = calendar.read(admin, id);
        String newStart = Instant.parse(before.getString("startsAt")).plus(1, ChronoUnit.DAYS).toString();
        String newEnd = Instant.parse(before.getString("endsAt")).plus(1, ChronoUnit.DAYS).toString();

        Response stale = server.http.patch(APPOINTMENTS + "/" + id, new JsonObject().put("startsAt", newStart).put("endsAt", newEnd)
                .put("version", 7), admin.accessToken());
        assertProblem(409, stale);
        Response backwards = calendar.patch(admin, id, new JsonObject().put("endsAt", before.getString("startsAt")));
        assertProblem(400, backwards);
        assertEquals(List.of("endsAt"), fields(backwards));

        Response moved = calendar.patch(admin, id, new JsonObject().put("startsAt", newStart).put("endsAt", newEnd));
        assertEquals(200, moved.status(), moved::toString);
        assertEquals(newStart, moved.json().getString("startsAt"));
        assertEquals(2, moved.json().getInteger("version"));
        calendar.patch(admin, id, new JsonObject().put("title", "Daily standup"));
        calendar.patch(admin, id, new JsonObject().put("timezone", "America/New_York").put("kind", "blocked"));

        List<JsonObject> events = calendar.events(id);
        assertEquals(List.of("appointment.created", "appointment.rescheduled", "appointment.updated", "appointment.rescheduled",
                "appointment.updated"), events.stream().map(e -> e.getString("type")).toList());
        JsonObject rescheduled = events.get(1).getJsonObject("payload");
        assertEquals(before.getString("startsAt"), rescheduled.getJsonObject("before").getString("startsAt"));
        assertEquals(newStart, rescheduled.getJsonObject("after").getString("startsAt"));

        // without a version the edit applies to the appointment as it stands (last writer wins)
        Response unversioned = server.http.patch(APPOINTMENTS + "/" + id, new JsonObject().put("title", "No version"), admin.accessToken());
        assertEquals(200, unversioned.status(), unversioned::toString);
        assertEquals("No version", unversioned.json().getString("title"));
    }

    @Test
    void cancellingIsASoftDeleteThatHidesTheAppointmentFromDefaultLists() throws Exception {
        Account admin = server.register("Cancel");
        Account agent = server.invite(admin, "agent");
        JsonObject invite = body("Lunch", 3).put("attendees", new JsonArray().add(new JsonObject().put("userId", agent.userId())));
        String id = calendar.create(admin, invite).getString("id");
        String other = calendar.create(admin, body("Dinner", 3)).getString("id");

        Response cancelled = server.http.post(APPOINTMENTS + "/" + id + "/cancel", new JsonObject().put("version", 1), admin.accessToken());
        assertEquals(200, cancelled.status(), cancelled::toString);
        assertNotNull(cancelled.json().getString("cancelledAt"));
        assertEquals(List.of(other), calendar.listed(admin, ""));
        assertEquals(List.of(id, other), calendar.listed(admin, "includeCancelled=true"));
        assertNotNull(calendar.read(admin, id).getString("cancelledAt"), "still readable by id");

        assertProblem(409, server.http.post(APPOINTMENTS + "/" + id + "/cancel", null, admin.accessToken()));
        assertProblem(409, calendar.patch(admin, id, new JsonObject().put("title", "Too late")));
        assertProblem(409, server.http.post(APPOINTMENTS + "/" + id + "/respond", new JsonObject().put("response", "accepted"),
                agent.accessToken()));

        assertEquals(204, server.http.delete(APPOINTMENTS + "/" + other, admin.accessToken()).status());
        assertEquals(List.of(), calendar.listed(admin, ""));
        assertNotNull(calendar.single("SELECT cancelled_at::text FROM appointments WHERE id = ?::uuid", other), "the row is kept");

        JsonObject event = calendar.events(id).get(1);
        assertEquals("appointment.cancelled", event.getString("type"));
        assertEquals("scheduled", event.getJsonObject("payload").getJsonObject("before").getString("status"));
        assertEquals("cancelled", event.getJsonObject("payload").getJsonObject("after").getString("status"));
        assertEquals(List.of("appointment.created", "appointment.cancelled"), calendar.eventTypes(other));
    }

    @Test
    void attendingUsersRespondAndOthersCannot() throws Exception {
        Account admin = server.register("Responses");
        Account attendee = server.invite(admin, "agent");
        Account manager = server.invite(admin, "manager");
        Account stranger = server.invite(admin, "agent");
        String keep = server.createContact(admin);
        String id = calendar.create(admin, body("Planning", 2).put("attendees", new JsonArray()
                .add(new JsonObject().put("userId", attendee.userId())).add(new JsonObject().put("contactId", keep)))).getString("id");
        String respond = APPOINTMENTS + "/" + id + "/respond";

        Response accepted = server.http.post(respond, new JsonObject().put("response", "accepted"), attendee.accessToken());
        assertEquals(200, accepted.status(), accepted::toString);
        JsonObject mine = accepted.json().getJsonArray("attendees").getJsonObject(0);
        assertEquals("accepted", mine.getString("response"));
        assertNotNull(mine.getString("respondedAt"));
        assertEquals("needs_action", accepted.json().getJsonArray("attendees").getJsonObject(1).getString("response"));
        assertEquals(1, accepted.json().getInteger("version"), "a response is not an edit of the appointment");

        assertProblem(400, server.http.post(respond, new JsonObject().put("response", "maybe"), attendee.accessToken()));
        assertProblem(403, server.http.post(respond, new JsonObject().put("response", "declined"), manager.accessToken()));
        assertProblem(404, server.http.post(respond, new JsonObject().put("response", "declined"), stranger.accessToken()));
        assertProblem(403, calendar.patch(attendee, id, new JsonObject().put("title", "Attendee edit")));

        Response reinvited = calendar.patch(admin, id, new JsonObject().put("attendees", new JsonArray()
                .add(new JsonObject().put("contactId", keep)).add(new JsonObject().put("userId", attendee.userId()))
                .add(new JsonObject().put("userId", manager.userId()))));
        assertEquals(List.of("needs_action", "accepted", "needs_action"), reinvited.json().getJsonArray("attendees").stream()
                .map(a -> ((JsonObject) a).getString("response")).toList(), "attendees who stay keep their response");

        JsonObject event = calendar.events(id).get(1);
        assertEquals("appointment.responded", event.getString("type"));
        assertEquals(attendee.userId(), event.getJsonObject("payload").getJsonObject("after").getString("respondingUserId"));
        assertEquals("accepted", event.getJsonObject("payload").getJsonObject("after").getString("response"));
    }

    @Test
    void linkedRecordsOfRegisteredTypesMustBeReadable() throws Exception {
        Account admin = server.register("Appointment Links");
        Account agent = server.invite(admin, "agent");
        Response hiddenTask = server.http.post("/api/v1/tasks", new JsonObject().put("title", "Admin only"), admin.accessToken());
        Response ownTask = server.http.post("/api/v1/tasks", new JsonObject().put("title", "Agent's"), agent.accessToken());

        Response rejected = server.http.post(APPOINTMENTS, body("About a hidden task", 1).put("links", new JsonArray()
                .add(new JsonObject().put("entityType", "task").put("entityId", hiddenTask.json().getString("id")))), agent.accessToken());
        assertProblem(422, rejected);
        assertEquals(List.of("links"), fields(rejected));
        assertTrue(calendar.listed(agent, "").isEmpty());

        JsonObject accepted = calendar.create(agent, body("About my task", 1).put("links", new JsonArray()
                .add(new JsonObject().put("entityType", "task").put("entityId", ownTask.json().getString("id")))
                .add(new JsonObject().put("entityType", "case").put("entityId", server.createCase(agent)))));
        assertEquals(2, accepted.getJsonArray("links").size(), "readable links of every registered type are kept");
    }

    @Test
    void rejectsInvalidAppointmentsAndLeavesNoTrace() throws Exception {
        Account admin = server.register("Appointment Validation");
        List<JsonObject> invalid = List.of(
                new JsonObject(),
                body("T", 1).put("title", " "),
                body("T", 1).put("endsAt", body("T", 1).getString("startsAt")),
                body("T", 1).put("startsAt", "next monday"),
                body("T", 1).put("timezone", "Mars/Olympus_Mons"),
                body("T", 1).put("timezone", "+02:00"),
                body("T", 1).put("kind", "party"),
                body("T", 1).put("attendees", new JsonArray().add(new JsonObject())),
                body("T", 1).put("attendees", new JsonArray().add(new JsonObject().put("userId", admin.userId())
                        .put("contactId", UUID.randomUUID().toString()))),
                body("T", 1).put("attendees", new JsonArray().add(new JsonObject().put("userId", admin.userId()))
                        .add(new JsonObject().put("userId", admin.userId()))),
                body("T", 1).put("links", new JsonArray().add(new JsonObject().put("entityType", "Case!").put("entityId", "x"))),
                body("T", 1).put("reminderOffsetsMinutes", new JsonArray().add(-5)),
                body("T", 1).put("reminderOffsetsMinutes", new JsonArray().add(60).add(60)));
        for (JsonObject b : invalid) {
            Response r = server.http.post(APPOINTMENTS, b, admin.accessToken());
            assertProblem(400, r);
            assertFalse(fields(r).isEmpty(), () -> b + " -> " + r);
        }
        List<JsonObject> unknownReferences = List.of(
                body("T", 1).put("ownerUserId", UUID.randomUUID().toString()),
                body("T", 1).put("attendees", new JsonArray().add(new JsonObject().put("userId", UUID.randomUUID().toString()))));
        for (JsonObject b : unknownReferences) {
            Response r = server.http.post(APPOINTMENTS, b, admin.accessToken());
            assertProblem(422, r);
            assertFalse(fields(r).isEmpty(), () -> b + " -> " + r);
        }
        String tenant = admin.tenantId();
        for (String table : List.of("appointments", "appointment_attendees", "appointment_links", "appointment_reminders")) {
            assertEquals("0", calendar.single("SELECT count(*)::text FROM " + table + " WHERE tenant_id = ?::uuid", tenant), table);
        }
        assertEquals("0", calendar.single("SELECT count(*)::text FROM audit_log WHERE tenant_id = ?::uuid AND entity_type = 'appointment'", tenant));
        assertEquals("0", calendar.single("SELECT count(*)::text FROM outbox WHERE tenant_id = ?::uuid AND type LIKE 'appointment.%'", tenant));
    }
}
