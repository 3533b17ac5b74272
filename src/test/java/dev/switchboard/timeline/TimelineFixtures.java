package dev.switchboard.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Records made through the real API, and reading timelines once the projection has caught up. */
final class TimelineFixtures {

    static final String TIMELINE = "/api/v1/timeline/";

    private final TestServer server;

    TimelineFixtures(TestServer server) {
        this.server = server;
    }

    String created(Account caller, String path, JsonObject body) {
        Response r = server.http.post(path, body, caller.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json().getString("id");
    }

    String contact(Account owner) {
        return server.createContact(owner);
    }

    String caseFor(Account caller, String contact, String title) {
        return created(caller, "/api/v1/cases", new JsonObject().put("title", title).put("contactId", contact));
    }

    String note(Account author, String entityType, String entityId, String body, String visibility) {
        return created(author, "/api/v1/notes", new JsonObject().put("entityType", entityType).put("entityId", entityId)
                .put("body", "<p>" + body + "</p>").put("visibility", visibility));
    }

    String appointment(Account owner, String title, String contact) {
        return created(owner, "/api/v1/appointments", new JsonObject().put("title", title)
                .put("startsAt", "2031-03-10T10:00:00Z").put("endsAt", "2031-03-10T11:00:00Z").put("timezone", "UTC")
                .put("attendees", new JsonArray().add(new JsonObject().put("contactId", contact))));
    }

    Response page(Account caller, String type, String id, String query) {
        return server.http.get(TIMELINE + type + "/" + id + (query.isEmpty() ? "" : "?" + query), caller.accessToken());
    }

    /** Every entry visible to {@code caller}, following cursors with the given page size. */
    List<JsonObject> all(Account caller, String type, String id, int limit) {
        List<JsonObject> out = new ArrayList<>();
        String cursor = null;
        do {
            Response r = page(caller, type, id, "limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, r.status(), r::toString);
            r.items().forEach(o -> out.add((JsonObject) o));
            cursor = r.json().getString("nextCursor");
        } while (cursor != null);
        return out;
    }

    /** The first page (limit 100) once {@code until} holds for it (fails after 10 s). */
    JsonArray await(Account caller, String type, String id, Predicate<JsonArray> until) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JsonArray items;
        do {
            Response r = page(caller, type, id, "limit=100");
            assertEquals(200, r.status(), r::toString);
            items = r.items();
            if (until.test(items)) {
                return items;
            }
            Thread.sleep(25);
        } while (System.nanoTime() < deadline);
        fail("timeline never matched; last seen: " + items.encodePrettily());
        return items;
    }

    JsonArray awaitSize(Account caller, String type, String id, int n) throws InterruptedException {
        return await(caller, type, id, items -> items.size() >= n);
    }

    static List<String> summaries(JsonArray items) {
        List<String> out = new ArrayList<>();
        items.forEach(o -> out.add(((JsonObject) o).getString("summary")));
        return out;
    }

    static Predicate<JsonArray> hasSummary(String summary) {
        return items -> summaries(items).contains(summary);
    }

    static String randomId() {
        return UUID.randomUUID().toString();
    }
}
