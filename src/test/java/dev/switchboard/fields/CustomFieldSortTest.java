package dev.switchboard.fields;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ?sort=cf.<key>} on the contact, case, task and conversation lists: typed order, nulls last both ways, ties by
 * id, keyset pages that walk every record once, the caller's read rules, refused fields, and saved views keeping it.
 */
class CustomFieldSortTest {

    /** Each record type's list path and a create body without custom fields. */
    private static final Map<String, JsonObject> TYPES = Map.of(
            "contact", new JsonObject().put("fullName", "Sorted"),
            "case", new JsonObject().put("title", "Sorted"),
            "task", new JsonObject().put("title", "Sorted"),
            "conversation", new JsonObject().put("channel", "internal").put("subject", "Sorted"));
    private static final Integer[] RANKS = {3, 1, null, 2, 10, 2, null};
    private static final String[] NAMES = {"banana", "Apple", "cherry", null, "apricot", "Blueberry", "date"};

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
    void contactsSortByNumberAndTextFieldsAcrossPages() {
        sortsByNumberAndTextAcrossPagesWithinReadRules("contact");
    }

    @Test
    void casesSortByNumberAndTextFieldsAcrossPages() {
        sortsByNumberAndTextAcrossPagesWithinReadRules("case");
    }

    @Test
    void tasksSortByNumberAndTextFieldsAcrossPages() {
        sortsByNumberAndTextAcrossPagesWithinReadRules("task");
    }

    @Test
    void conversationsSortByNumberAndTextFieldsAcrossPages() {
        sortsByNumberAndTextAcrossPagesWithinReadRules("conversation");
    }

    private static void sortsByNumberAndTextAcrossPagesWithinReadRules(String type) {
        Account admin = server.register("Sort " + type);
        Account agent = server.invite(admin, "agent");
        define(admin, type, "rank", "number");
        define(admin, type, "nick", "text");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < RANKS.length; i++) {
            ids.add(create(admin, type, new JsonObject().put("rank", RANKS[i]).put("nick", NAMES[i])));
        }
        // numerically (10 after 3), equal values by id, records without a value last
        List<String> byRank = List.of(ids.get(1), ids.get(3), ids.get(5), ids.get(0), ids.get(4), ids.get(2), ids.get(6));
        assertEquals(byRank, walk(admin, type, "cf.rank", 2));
        assertEquals(List.of(ids.get(4), ids.get(0), ids.get(5), ids.get(3), ids.get(1), ids.get(6), ids.get(2)),
                walk(admin, type, "-cf.rank", 2), "descending: equal values and the records without a value by id descending, still last");
        assertEquals(List.of(ids.get(1), ids.get(4), ids.get(0), ids.get(5), ids.get(2), ids.get(6), ids.get(3)),
                walk(admin, type, "cf.nick", 3), "text whatever its case");
        assertEquals(List.of(ids.get(6), ids.get(2), ids.get(5), ids.get(0), ids.get(4), ids.get(1), ids.get(3)),
                walk(admin, type, "-cf.nick", 3));
        assertEquals(byRank, walk(admin, type, "cf.rank", 100), "one page holds the same order");

        String agents = create(agent, type, new JsonObject().put("rank", 0).put("nick", "aardvark"));
        assertEquals(List.of(agents), walk(agent, type, "cf.rank", 1), "an agent sorting sees only their own records");
        assertEquals(ids.size() + 1, walk(admin, type, "-cf.nick", 4).size());

        assertEquals(Set.of("sort"), fields(server.http.get(path(type) + "?sort=cf.nope", admin.accessToken())), "an unknown field");
        assertEquals(Set.of("sort"), fields(server.http.get(path(type) + "?sort=rank", admin.accessToken())), "not a custom field");
    }

    @Test
    void refusesArchivedUnsortableAndForeignFieldsNamingSort() {
        Account admin = server.register("Sort refusals");
        define(admin, "contact", "topics", "multi_select").getString("id");
        define(admin, "contact", "manager", "user");
        String old = define(admin, "contact", "old_score", "number").getString("id");
        Response archived = server.http.patch("/api/v1/custom-fields/" + old, new JsonObject().put("archived", true), admin.accessToken());
        assertEquals(200, archived.status(), archived::toString);
        for (String sort : List.of("cf.topics", "-cf.manager", "cf.old_score", "cf.Bad-Key", "-cf.")) {
            Response r = server.http.get("/api/v1/contacts?sort=" + sort, admin.accessToken());
            assertEquals(Set.of("sort"), fields(r), sort);
        }
        Response both = server.http.get("/api/v1/contacts?sort=cf.topics&cf.nope=1", admin.accessToken());
        assertEquals(Set.of("sort", "cf.nope"), fields(both), "one 400 names the sort and the filter");
        for (String type : TYPES.keySet()) {
            assertEquals(Set.of("sort", "limit", "cursor"), fields(server.http.get(path(type) + "?sort=cf.Bad-Key&limit=0&cursor=zzz",
                    admin.accessToken())), "a malformed sort is named with the other parameters of " + type);
        }

        Account other = server.register("Sort elsewhere");
        define(other, "contact", "secret_rank", "number");
        assertEquals(Set.of("sort"), fields(server.http.get("/api/v1/contacts?sort=cf.secret_rank", admin.accessToken())),
                "another organization's field is no field here");
    }

    @Test
    void aCursorFollowsItsOrderAndFiltersCombineWithTheSort() {
        Account admin = server.register("Sort cursors");
        define(admin, "task", "rank", "number");
        define(admin, "task", "due", "date");
        define(admin, "task", "flag", "boolean");
        String a = create(admin, "task", new JsonObject().put("rank", 5).put("due", "2026-03-01").put("flag", true));
        String b = create(admin, "task", new JsonObject().put("rank", 7).put("due", "2025-12-31").put("flag", false));
        String c = create(admin, "task", new JsonObject().put("rank", 9).put("due", "2026-01-15"));
        assertEquals(List.of(b, c, a), walk(admin, "task", "cf.due", 1), "dates in calendar order");
        assertEquals(List.of(b, a, c), walk(admin, "task", "cf.flag", 1), "false before true, no value last");
        assertEquals(List.of(c, b), ids(server.http.get("/api/v1/tasks?sort=-cf.rank&cf.rank%5Bgte%5D=6", admin.accessToken())));

        Response first = server.http.get("/api/v1/tasks?sort=cf.rank&limit=1", admin.accessToken());
        String cursor = first.json().getString("nextCursor");
        assertNotNull(cursor);
        Response plain = server.http.get("/api/v1/tasks?limit=1", admin.accessToken());
        assertEquals(Set.of("cursor"), fields(server.http.get("/api/v1/tasks?sort=cf.rank&cursor=" + plain.json().getString("nextCursor"),
                admin.accessToken())), "a creation-order cursor carries no value to continue a field order from");
        Response next = server.http.get("/api/v1/tasks?sort=cf.rank&limit=1&cursor=" + cursor, admin.accessToken());
        assertEquals(List.of(b), ids(next));
        for (String value : List.of("{not json", "1e999999", "\"a\\u0000b\"", "{\"a\":[1]}")) {
            String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString((a + "\n" + value).getBytes());
            assertEquals(Set.of("cursor"), fields(server.http.get("/api/v1/tasks?sort=cf.rank&cursor=" + forged, admin.accessToken())), value);
        }
        String wrongType = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString((a + "\n\"five\"").getBytes());
        Response odd = server.http.get("/api/v1/tasks?sort=cf.rank&cursor=" + wrongType, admin.accessToken());
        assertEquals(200, odd.status(), "a value of another type reads as no value: " + odd);
    }

    @Test
    void aSavedViewKeepsACustomFieldSortThatTheListApplies() {
        Account admin = server.register("Sort views");
        define(admin, "case", "budget", "number");
        String small = create(admin, "case", new JsonObject().put("budget", 10));
        String big = create(admin, "case", new JsonObject().put("budget", 1000));
        Response created = server.http.post("/api/v1/saved-views", new JsonObject().put("name", "Biggest first").put("resourceType", "cases")
                .put("filters", new JsonObject().put("cf.budget[gte]", "5")).put("sort", "-cf.budget"), admin.accessToken());
        assertEquals(201, created.status(), created::toString);
        Response read = server.http.get("/api/v1/saved-views/" + created.json().getString("id"), admin.accessToken());
        assertEquals("-cf.budget", read.json().getString("sort"));
        assertEquals(List.of(big, small), ids(server.http.get("/api/v1/cases?cf.budget%5Bgte%5D=5&sort=" + read.json().getString("sort"),
                admin.accessToken())));
    }

    private static List<String> walk(Account who, String type, String sort, int limit) {
        List<String> out = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = server.http.get(path(type) + "?sort=" + sort + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor),
                    who.accessToken());
            out.addAll(ids(page));
            cursor = page.json().getString("nextCursor");
            assertTrue(++pages <= 20, "the walk ends");
        } while (cursor != null);
        return out;
    }

    private static String path(String type) {
        return "/api/v1/" + type + "s";
    }

    private static JsonObject define(Account admin, String type, String key, String fieldType) {
        JsonObject body = new JsonObject().put("recordType", type).put("key", key).put("label", key).put("type", fieldType);
        if (fieldType.endsWith("_select")) {
            body.put("options", new JsonArray().add("x").add("y"));
        }
        Response r = server.http.post("/api/v1/custom-fields", body, admin.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json();
    }

    private static String create(Account who, String type, JsonObject custom) {
        JsonObject values = new JsonObject();
        custom.forEach(e -> {
            if (e.getValue() != null) {
                values.put(e.getKey(), e.getValue());
            }
        });
        Response r = server.http.post(path(type), TYPES.get(type).copy().put("customFields", values), who.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json().getString("id");
    }

    private static List<String> ids(Response r) {
        assertEquals(200, r.status(), r::toString);
        return r.items().stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }

    private static Set<String> fields(Response r) {
        assertEquals(400, r.status(), r::toString);
        return r.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")).collect(Collectors.toSet());
    }
}
