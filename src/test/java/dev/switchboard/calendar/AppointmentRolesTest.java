package dev.switchboard.calendar;

import static dev.switchboard.calendar.CalendarFixtures.APPOINTMENTS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who may do what with one appointment, role by role: owned by one agent, attended by another and by one customer's contact. */
class AppointmentRolesTest {

    private static TestServer server;
    private static CalendarFixtures calendar;

    /** Expected statuses; {@code listed}: whether it is in the caller's {@code GET /appointments}. */
    private record Row(String who, Account account, int get, boolean listed, int edit, int respond, int cancel) {
    }

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
    void eachRoleGetsExactlyWhatTheRulesAllow() throws Exception {
        Account admin = server.register("Appointment Roles");
        Account owner = server.invite(admin, "agent");
        Account attendee = server.invite(admin, "agent");
        Account stranger = server.invite(admin, "agent");
        Account manager = server.invite(admin, "manager");
        Account viewer = server.invite(admin, "viewer");
        Account customer = server.invite(admin, "customer");
        Account otherCustomer = server.invite(admin, "customer");
        UUID contact = server.linkCustomer(owner, customer);
        server.linkCustomer(admin, otherCustomer);

        List<Row> table = List.of(
                new Row("admin", admin, 200, true, 200, 403, 200),
                new Row("manager", manager, 200, true, 200, 403, 200),
                new Row("owning agent", owner, 200, true, 200, 403, 200),
                new Row("attending agent", attendee, 200, true, 403, 200, 403),
                new Row("unrelated agent", stranger, 404, false, 404, 404, 404),
                new Row("viewer", viewer, 404, false, 404, 404, 404),
                new Row("customer of an attending contact", customer, 200, true, 403, 403, 403),
                new Row("other customer", otherCustomer, 404, false, 404, 404, 404));

        List<String> failures = new ArrayList<>();
        for (Row row : table) {
            String id = calendar.create(owner, CalendarFixtures.body("For " + row.who(), 4).put("attendees", new JsonArray()
                    .add(new JsonObject().put("userId", attendee.userId())).add(new JsonObject().put("contactId", contact.toString()))))
                    .getString("id");
            Account a = row.account();
            check(failures, row, "GET", row.get(), server.http.get(APPOINTMENTS + "/" + id, a.accessToken()));
            boolean listed = calendar.listed(a, "").contains(id);
            if (listed != row.listed()) {
                failures.add(row.who() + ": listed " + listed);
            }
            check(failures, row, "PATCH", row.edit(), calendar.patch(a, id, new JsonObject().put("title", "Edited")));
            check(failures, row, "respond", row.respond(), server.http.post(APPOINTMENTS + "/" + id + "/respond",
                    new JsonObject().put("response", "tentative"), a.accessToken()));
            check(failures, row, "cancel", row.cancel(), server.http.post(APPOINTMENTS + "/" + id + "/cancel", null, a.accessToken()));
            boolean cancelled = calendar.single("SELECT cancelled_at::text FROM appointments WHERE id = ?::uuid", id) != null;
            if (cancelled != (row.cancel() == 200)) {
                failures.add(row.who() + ": cancelled " + cancelled);
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void onlyStaffWithCalendarWriteCreateAndOnlyManagersFillOthersCalendars() throws Exception {
        Account admin = server.register("Appointment Creation Roles");
        Account agent = server.invite(admin, "agent");
        Account other = server.invite(admin, "agent");
        Account viewer = server.invite(admin, "viewer");
        Account customer = server.invite(admin, "customer");
        Account manager = server.invite(admin, "manager");
        server.linkCustomer(admin, customer);
        JsonObject body = CalendarFixtures.body("Call", 1);
        assertEquals(201, server.http.post(APPOINTMENTS, body, agent.accessToken()).status());
        assertEquals(403, server.http.post(APPOINTMENTS, body, viewer.accessToken()).status());
        assertEquals(403, server.http.post(APPOINTMENTS, body, customer.accessToken()).status());
        assertEquals(403, server.http.post(APPOINTMENTS, body.copy().put("ownerUserId", other.userId()), agent.accessToken()).status());
        Response forOther = server.http.post(APPOINTMENTS, body.copy().put("ownerUserId", other.userId()), manager.accessToken());
        assertEquals(201, forOther.status(), forOther::toString);
        assertEquals(other.userId(), forOther.json().getString("ownerUserId"));
        assertEquals(200, server.http.get(APPOINTMENTS + "/" + forOther.json().getString("id"), other.accessToken()).status());
        assertEquals("2", calendar.single("SELECT count(*)::text FROM appointments WHERE tenant_id = ?::uuid", admin.tenantId()));
    }

    private static void check(List<String> failures, Row row, String action, int expected, Response actual) {
        if (actual.status() != expected) {
            failures.add(row.who() + ": " + action + " answered " + actual.status() + ", expected " + expected);
        }
    }
}
