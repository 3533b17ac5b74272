package dev.switchboard.calendar;

import static dev.switchboard.testing.ApiAssertions.assertProblem;
import static dev.switchboard.testing.ApiAssertions.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/calendar}: the range rules, and what each viewer sees of events that are not theirs. */
class CalendarEndpointTest {

    private static final String SECRET_TITLE = "Secret merger talk with Initech";
    private static final String SECRET_DESCRIPTION = "Offer 12 million";
    private static final String RANGE = "/api/v1/calendar?from=2033-01-01T00:00:00Z&to=2033-02-01T00:00:00Z";

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
    void showsEventsTheViewerNeitherOwnsNorAttendsAsBusyBlocksOnly() throws Exception {
        Account admin = server.register("Busy Blocks");
        Account owner = server.invite(admin, "agent");
        Account attendee = server.invite(admin, "agent");
        Account colleague = server.invite(admin, "agent");
        Account manager = server.invite(admin, "manager");
        Account viewer = server.invite(admin, "viewer");
        Account customer = server.invite(admin, "customer");
        Account otherCustomer = server.invite(admin, "customer");
        UUID contact = server.linkCustomer(owner, customer);
        server.linkCustomer(admin, otherCustomer);
        String linkedCase = server.createCase(owner);

        String secret = calendar.create(owner, new JsonObject().put("title", SECRET_TITLE).put("description", SECRET_DESCRIPTION)
                .put("startsAt", "2033-01-10T09:00:00Z").put("endsAt", "2033-01-10T10:00:00Z").put("timezone", "Europe/Paris")
                .put("attendees", new JsonArray().add(new JsonObject().put("userId", attendee.userId()))
                        .add(new JsonObject().put("contactId", contact.toString())))
                .put("links", new JsonArray().add(new JsonObject().put("entityType", "case").put("entityId", linkedCase))))
                .getString("id");
        String colleagues = calendar.create(colleague, new JsonObject().put("title", "Dentist").put("startsAt", "2033-01-11T09:00:00Z")
                .put("endsAt", "2033-01-11T10:00:00Z").put("timezone", "UTC")).getString("id");

        assertFull(owner, secret);
        assertFull(attendee, secret);
        assertFull(manager, secret);
        assertFull(admin, secret);
        assertBusy(colleague, secret, owner.userId());
        assertBusy(viewer, secret, owner.userId());
        assertFull(customer, secret);

        assertFull(colleague, colleagues);
        assertBusy(owner, colleagues, colleague.userId());
        assertEquals(List.of(secret), ids(get(customer)), "customers see only what their contact attends");
        assertEquals(List.of(), ids(get(otherCustomer)));
        assertEquals(List.of(secret, colleagues), ids(get(viewer)));

        for (Account outsider : List.of(colleague, viewer)) {
            String raw = get(outsider).body().toString();
            for (String leak : List.of(SECRET_TITLE, "Initech", SECRET_DESCRIPTION, attendee.userId(), contact.toString(), linkedCase,
                    "Europe/Paris")) {
                assertFalse(raw.contains(leak), () -> leak + " leaked into " + raw);
            }
        }
    }

    @Test
    void listsLiveAppointmentsOverlappingTheRange() throws Exception {
        Account admin = server.register("Calendar Range");
        String before = create(admin, "2032-12-31T22:00:00Z", "2033-01-01T00:00:00Z");
        String overlapsStart = create(admin, "2032-12-31T23:00:00Z", "2033-01-01T01:00:00Z");
        String inside = create(admin, "2033-01-15T10:00:00Z", "2033-01-15T11:00:00Z");
        String overlapsEnd = create(admin, "2033-01-31T23:30:00Z", "2033-02-01T00:30:00Z");
        String after = create(admin, "2033-02-01T00:00:00Z", "2033-02-01T01:00:00Z");
        String cancelled = create(admin, "2033-01-20T10:00:00Z", "2033-01-20T11:00:00Z");
        assertEquals(204, server.http.delete(CalendarFixtures.APPOINTMENTS + "/" + cancelled, admin.accessToken()).status());

        List<String> listed = ids(get(admin));
        assertEquals(List.of(overlapsStart, inside, overlapsEnd), listed);
        assertFalse(listed.contains(before) || listed.contains(after) || listed.contains(cancelled));

        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            Response page = server.http.get(RANGE + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor), admin.accessToken());
            assertEquals(200, page.status(), page::toString);
            paged.addAll(ids(page));
            cursor = page.json().getString("nextCursor");
        } while (cursor != null && paged.size() < 10);
        assertEquals(listed, paged);
    }

    @Test
    void requiresAValidRangeOfAtMost62Days() {
        Account admin = server.register("Calendar Validation");
        String base = "/api/v1/calendar";
        for (String query : List.of("", "?from=2033-01-01T00:00:00Z", "?to=2033-01-01T00:00:00Z",
                "?from=2033-01-01&to=2033-01-02T00:00:00Z", "?from=2033-01-02T00:00:00Z&to=2033-01-01T00:00:00Z",
                "?from=2033-01-01T00:00:00Z&to=2033-01-01T00:00:00Z", "?from=2033-01-01T00:00:00Z&to=2033-03-04T00:00:01Z")) {
            Response r = server.http.get(base + query, admin.accessToken());
            assertProblem(400, r);
        }
        assertEquals(200, server.http.get(base + "?from=2033-01-01T00:00:00Z&to=2033-03-04T00:00:00Z", admin.accessToken()).status(),
                "exactly 62 days is allowed");
        assertEquals(401, server.http.get(RANGE, null).status());
    }

    private static String create(Account who, String start, String end) {
        return calendar.create(who, new JsonObject().put("title", "Slot").put("startsAt", start).put("endsAt", end).put("timezone", "UTC"))
                .getString("id");
    }

    private static Response get(Account who) {
        Response r = server.http.get(RANGE, who.accessToken());
        assertEquals(200, r.status(), r::toString);
        return r;
    }

    private static JsonObject entry(Account who, String id) {
        return get(who).items().stream().map(JsonObject.class::cast).filter(e -> e.getString("id").equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(id + " is not in the calendar of " + who.email()));
    }

    private static void assertFull(Account who, String id) {
        JsonObject e = entry(who, id);
        assertEquals(false, e.getBoolean("busy"), e::toString);
        assertTrue(e.containsKey("title") && e.containsKey("attendees") && e.containsKey("links"), e::toString);
    }

    private static void assertBusy(Account who, String id, String ownerUserId) {
        JsonObject e = entry(who, id);
        assertEquals(Set.of("id", "startsAt", "endsAt", "ownerUserId", "busy"), e.fieldNames(), e::toString);
        assertEquals(true, e.getBoolean("busy"));
        assertEquals(ownerUserId, e.getString("ownerUserId"));
    }
}
