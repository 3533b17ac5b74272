package dev.switchboard.calendar;

import static dev.switchboard.testing.ApiAssertions.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Arranging and inspecting appointments for the tests of this package. */
final class CalendarFixtures {

    static final String APPOINTMENTS = "/api/v1/appointments";

    private final TestServer server;

    CalendarFixtures(TestServer server) {
        this.server = server;
    }

    /** A valid body: one hour starting {@code daysAhead} days from now (whole hours). */
    static JsonObject body(String title, int daysAhead) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(daysAhead, ChronoUnit.DAYS);
        return new JsonObject().put("title", title).put("startsAt", start.toString())
                .put("endsAt", start.plus(1, ChronoUnit.HOURS).toString()).put("timezone", "Europe/Berlin");
    }

    JsonObject create(Account who, JsonObject body) {
        Response r = server.http.post(APPOINTMENTS, body, who.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json();
    }

    JsonObject read(Account who, String id) {
        Response r = server.http.get(APPOINTMENTS + "/" + id, who.accessToken());
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    /** PATCHes with the current version (read as superuser, so it works for callers who cannot read it). */
    Response patch(Account who, String id, JsonObject changes) throws Exception {
        int version = Integer.parseInt(single("SELECT version::text FROM appointments WHERE id = ?::uuid", id));
        return server.http.patch(APPOINTMENTS + "/" + id, changes.copy().put("version", version), who.accessToken());
    }

    List<String> listed(Account who, String query) {
        Response r = server.http.get(APPOINTMENTS + "?limit=100" + (query.isEmpty() ? "" : "&" + query), who.accessToken());
        assertEquals(200, r.status(), r::toString);
        return ids(r);
    }

    /** The reminder rows of an appointment as {@code offset@fireAt}, by offset descending. */
    List<String> reminders(String id) throws Exception {
        return column("SELECT offset_minutes || '@' || to_char(fire_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
                + "FROM appointment_reminders WHERE appointment_id = ?::uuid ORDER BY offset_minutes DESC", id);
    }

    /** The events recorded for {@code entityId}, oldest first: each {@code {type, tenantId, payload}}. */
    List<JsonObject> events(String entityId) {
        return server.events(entityId);
    }

    List<String> eventTypes(String entityId) throws Exception {
        return events(entityId).stream().map(e -> e.getString("type")).toList();
    }

    String single(String sql, String... params) throws Exception {
        List<String> values = column(sql, params);
        return values.isEmpty() ? null : values.get(0);
    }

    List<String> column(String sql, String... params) throws Exception {
        try (Connection c = TestDatabase.connect(server.db); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setString(i + 1, params[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }
}
