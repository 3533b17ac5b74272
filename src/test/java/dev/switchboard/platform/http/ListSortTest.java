package dev.switchboard.platform.http;

import static dev.switchboard.testing.ApiAssertions.assertProblem;
import static dev.switchboard.testing.ApiAssertions.fields;
import static dev.switchboard.testing.ApiAssertions.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ?sort=} on the lists people scan by recency: conversations, cases, appointments, the audit log, jobs and the
 * email log. Each takes createdAt and -createdAt, has its documented default, pages through every item exactly once
 * in either order, and refuses any other sort naming the allowed values. A list with one fixed order refuses a sort
 * instead of ignoring it.
 */
class ListSortTest {

    private static final int RECORDS = 5;

    private static TestServer server;
    private static Account admin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = server.register("Sorting Co");
        String contact = server.createContact(admin);
        String template = server.http.post("/api/v1/email-templates", new JsonObject().put("name", "Sorted").put("subject", "Hi")
                .put("html", "<p>hi</p>"), admin.accessToken()).json().getString("id");
        OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).plusDays(3).truncatedTo(ChronoUnit.HOURS);
        for (int i = 0; i < RECORDS; i++) {
            server.createCase(admin);
            created(server.http.post("/api/v1/conversations", new JsonObject().put("channel", "email").put("subject", "Thread " + i)
                    .put("contactId", contact), admin.accessToken()));
            // later-created appointments start earlier, so creation order is not start order
            OffsetDateTime at = start.minusHours(i);
            created(server.http.post("/api/v1/appointments", new JsonObject().put("title", "Meeting " + i).put("startsAt", at.toString())
                    .put("endsAt", at.plusMinutes(30).toString()).put("timezone", "UTC"), admin.accessToken()));
            created(server.http.post("/api/v1/emails", new JsonObject().put("templateId", template).put("to", "to" + i + "@example.test"),
                    admin.accessToken()));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void conversationsComeNewestFirstAndSortEitherWay() {
        assertSortable("/api/v1/conversations", true);
    }

    @Test
    void casesComeNewestFirstAndSortEitherWay() {
        assertSortable("/api/v1/cases", true);
    }

    @Test
    void appointmentsComeOldestFirstAndSortEitherWay() {
        assertSortable("/api/v1/appointments", false);
    }

    @Test
    void auditLogComesNewestFirstAndSortsEitherWay() {
        assertSortable("/api/v1/audit-log", true);
    }

    @Test
    void jobsComeNewestFirstAndSortEitherWay() {
        assertSortable("/api/v1/jobs", true);
    }

    @Test
    void emailLogComesNewestFirstAndSortsEitherWay() {
        assertSortable("/api/v1/emails", true);
    }

    @Test
    void sortingAFilteredListKeepsTheFilter() {
        Response open = server.http.get("/api/v1/conversations?status=open&sort=createdAt", admin.accessToken());
        assertEquals(200, open.status(), open::toString);
        assertEquals(ascending(ids(open)), ids(open));
        Response queued = server.http.get("/api/v1/emails?status=queued&sort=-createdAt&limit=2", admin.accessToken());
        assertEquals(200, queued.status(), queued::toString);
        queued.items().forEach(item -> assertEquals("queued", ((JsonObject) item).getString("status")));
    }

    @Test
    void aListWithOneOrderRefusesASortInsteadOfIgnoringIt() {
        Response r = server.http.get("/api/v1/teams?sort=-createdAt", admin.accessToken());
        assertProblem(400, r);
        assertEquals(List.of("sort"), fields(r));
    }

    private static void assertSortable(String path, boolean newestFirstByDefault) {
        List<String> all = ids(server.http.get(path + "?limit=100", admin.accessToken()));
        assertTrue(all.size() >= RECORDS, () -> path + " lists " + all);
        assertEquals(newestFirstByDefault ? descending(all) : ascending(all), all, path + " default order");

        List<String> oldest = walk(path, "createdAt");
        List<String> newest = walk(path, "-createdAt");
        assertEquals(ascending(all), oldest, path + "?sort=createdAt paged by 2");
        assertEquals(descending(all), newest, path + "?sort=-createdAt paged by 2");

        Response unknown = server.http.get(path + "?sort=title", admin.accessToken());
        assertProblem(400, unknown);
        assertEquals(List.of("sort"), fields(unknown));
        String message = unknown.json().getJsonArray("errors").getJsonObject(0).getString("message");
        assertTrue(message.contains("createdAt") && message.contains("-createdAt"), message);
    }

    /** Every item of the list, two at a time, following nextCursor in the given order; no item may come twice. */
    private static List<String> walk(String path, String sort) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Response page = server.http.get(path + "?limit=2&sort=" + sort + (cursor == null ? "" : "&cursor=" + cursor),
                    admin.accessToken());
            assertEquals(200, page.status(), page::toString);
            seen.addAll(ids(page));
            cursor = page.json().getString("nextCursor");
        } while (cursor != null && seen.size() < 1_000);
        assertEquals(seen.size(), new HashSet<>(seen).size(), () -> path + " repeated an item: " + seen);
        return seen;
    }

    /** Ids are time-ordered UUIDs: their text sorts in creation order. */
    private static List<String> ascending(List<String> ids) {
        return ids.stream().sorted().toList();
    }

    private static List<String> descending(List<String> ids) {
        return ids.stream().sorted(Comparator.reverseOrder()).toList();
    }

    private static void created(Response r) {
        assertEquals(201, r.status(), r::toString);
    }
}
