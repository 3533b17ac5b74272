package dev.switchboard.calendar;

import static dev.switchboard.calendar.CalendarFixtures.APPOINTMENTS;
import static dev.switchboard.testing.ApiAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Another organization cannot see or change an appointment, nor find it in its calendar. */
class AppointmentIsolationTest {

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
    void anotherOrganizationGets404ForEveryAppointmentRouteAndChangesNothing() throws Exception {
        Account owner = server.register("Appointment Owner Org");
        Account attendee = server.invite(owner, "agent");
        Account outsider = server.register("Appointment Outsider Org");
        String id = calendar.create(owner, new JsonObject().put("title", "Board meeting").put("startsAt", "2034-05-05T10:00:00Z")
                .put("endsAt", "2034-05-05T12:00:00Z").put("timezone", "UTC")
                .put("attendees", new JsonArray().add(new JsonObject().put("userId", attendee.userId())))).getString("id");
        String before = snapshot(id);

        for (String target : List.of(id, UUID.randomUUID().toString())) {
            String path = APPOINTMENTS + "/" + target;
            List<Response> attempts = List.of(
                    server.http.get(path, outsider.accessToken()),
                    server.http.patch(path, new JsonObject().put("title", "Ours").put("version", 1), outsider.accessToken()),
                    server.http.delete(path, outsider.accessToken()),
                    server.http.post(path + "/cancel", null, outsider.accessToken()),
                    server.http.post(path + "/respond", new JsonObject().put("response", "declined"), outsider.accessToken()));
            for (Response r : attempts) {
                assertProblem(404, r);
                assertEquals("appointment not found", r.json().getString("detail"), "a foreign id reads like an unknown one");
            }
        }
        assertProblem(404, server.http.get(APPOINTMENTS + "/not-a-uuid", outsider.accessToken()));

        assertFalse(calendar.listed(outsider, "includeCancelled=true").contains(id));
        Response range = server.http.get("/api/v1/calendar?from=2034-05-01T00:00:00Z&to=2034-05-31T00:00:00Z", outsider.accessToken());
        assertEquals(200, range.status(), range::toString);
        assertEquals(0, range.items().size(), "not even a busy block");
        assertEquals(before, snapshot(id), "nothing changed");
        assertEquals("0", calendar.single("SELECT count(*)::text FROM audit_log WHERE actor_id = ?::uuid AND entity_type = 'appointment'",
                outsider.userId()));
    }

    private static String snapshot(String id) throws Exception {
        return calendar.single("SELECT concat_ws('|', (SELECT row_to_json(a)::text FROM appointments a WHERE a.id = ?::uuid), "
                + "(SELECT json_agg(x ORDER BY x.position)::text FROM appointment_attendees x WHERE x.appointment_id = ?::uuid), "
                + "(SELECT json_agg(r ORDER BY r.offset_minutes)::text FROM appointment_reminders r WHERE r.appointment_id = ?::uuid))",
                id, id, id);
    }
}
