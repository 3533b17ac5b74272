package dev.switchboard.search;

import static dev.switchboard.testing.ApiAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What search matches and how: language stems, prefixes, contact substrings and typos, safe snippets, pages, bad input, fresh indexes. */
class SearchBehaviourTest {

    private static TestServer server;
    private static Account admin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = server.register("Search Behaviour");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void matchesWordFormsOfTheOrganizationsLanguageAndPrefixesOfTheLastWord() {
        String task = create("/api/v1/tasks", new JsonObject().put("title", "Runners were running late").put("description", "Reschedule the ferry"), admin);
        assertTrue(ids(admin, "runs", "task").contains(task), "English stems: runs finds running");
        assertTrue(ids(admin, "late ferr", "task").contains(task), "the last word is a prefix");
        assertFalse(ids(admin, "late ferrx", "task").contains(task));
        assertTrue(ids(admin, "the ferry", "task").contains(task), "a stop word asks for nothing more");
        assertTrue(ids(admin, "were", "task").contains(task), "a query of stop words alone matches them as written");

        Account japanese = server.register("Search Simple");
        Response patched = server.http.patch("/api/v1/organization", new JsonObject().put("defaultLanguage", "ja"), japanese.accessToken());
        assertEquals(200, patched.status(), patched::toString);
        String plain = create("/api/v1/tasks", new JsonObject().put("title", "Runners were running late"), japanese);
        assertFalse(ids(japanese, "runs", "task").contains(plain), "a language without stemming matches words as written");
        assertTrue(ids(japanese, "runn", "task").contains(plain));
        assertFalse(ids(japanese, "runn", "task").contains(task), "another organization's task");
    }

    @Test
    void findsContactsByPartOfTheirEmailByPhoneDigitsAndByAMisspelledName() {
        String contact = create("/api/v1/contacts", new JsonObject().put("fullName", "Bartholomew Quigley").put("email", "bart.q@harbour.example")
                .put("phone", "+14155550123"), admin);
        assertTrue(ids(admin, "bart.q@harb", "contact").contains(contact));
        assertTrue(ids(admin, "(415) 555-0123", "contact").contains(contact));
        assertTrue(ids(admin, "Bartholomew Quiglee", "contact").contains(contact));
        assertFalse(ids(admin, "Bartholomew Quiglee", "case").contains(contact), "types narrow the search");

        String namesake = create("/api/v1/contacts", new JsonObject().put("fullName", "Bartholomew Quinn"), admin);
        assertEquals(Set.of(namesake), ids(admin, "Bartholomew Quinn", "contact"),
                "a name that is there is not diluted by similar spellings");
        assertTrue(ids(admin, "Bartholomev Quinn", "contact").contains(namesake), "similar spellings when nothing matches as written");
    }

    @Test
    void snippetsEscapeTheTextAndMarkOnlyTheMatches() {
        String note = create("/api/v1/notes", new JsonObject().put("entityType", "contact").put("entityId", server.createContact(admin))
                .put("visibility", "org").put("body", "<p>Kumquat &amp; <strong>pomelo</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>"), admin);
        JsonObject hit = hits(admin, "pomelo", "note").stream().filter(h -> h.getString("id").equals(note)).findFirst().orElseThrow();
        String snippet = hit.getString("snippet");
        assertTrue(snippet.contains("<mark>pomelo</mark>"), snippet);
        assertTrue(snippet.contains("Kumquat &amp; "), snippet);
        String unmarked = snippet.replace("<mark>", "").replace("</mark>", "");
        assertFalse(unmarked.contains("<") || unmarked.contains(">") || unmarked.contains("&amp;amp;"), snippet);
        assertEquals("contact", hit.getJsonObject("parent").getString("type"));
    }

    @Test
    void pagesFollowRankWithoutGapsOrRepeatsAndWordsAsWrittenComeFirst() {
        Set<String> written = new HashSet<>();
        Set<String> prefixed = new HashSet<>();
        for (int i = 0; i < 23; i++) {
            if (i % 4 == 3) {
                // matches "platypus" only as a prefix, though twice
                prefixed.add(create("/api/v1/tasks", new JsonObject().put("title", "Platypusology platypusology audit " + i), admin));
            } else {
                String title = i % 3 == 0 ? "Platypus platypus audit " + i : "Platypus audit " + i;
                written.add(create("/api/v1/tasks", new JsonObject().put("title", title), admin));
            }
        }
        List<String> seen = new ArrayList<>();
        float lastRank = Float.MAX_VALUE;
        String cursor = null;
        int pages = 0;
        do {
            Response r = server.http.get("/api/v1/search?types=task&limit=5&q=platypus" + (cursor == null ? "" : "&cursor=" + cursor), admin.accessToken());
            assertEquals(200, r.status(), r::toString);
            for (Object item : r.items()) {
                JsonObject hit = (JsonObject) item;
                float rank = hit.getFloat("rank");
                assertTrue(rank <= lastRank, "best first");
                lastRank = rank;
                seen.add(hit.getString("id"));
            }
            cursor = r.json().getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertEquals(5, pages);
        assertEquals(23, seen.size());
        assertEquals(written, new HashSet<>(seen.subList(0, written.size())), "every word as written before any prefix");
        assertEquals(prefixed, new HashSet<>(seen.subList(written.size(), seen.size())));
    }

    @Test
    void oneProblemNamesEveryInvalidParameterTogether() {
        assertEquals(Set.of("q", "types", "limit", "cursor"), problemFields(server.http.get(
                "/api/v1/search?limit=0&types=case,planet&cursor=bm9wZQ", admin.accessToken())), "q missing");
        create("/api/v1/tasks", new JsonObject().put("title", "Three"), admin);
        create("/api/v1/tasks", new JsonObject().put("title", "Four"), admin);
        String otherListsCursor = server.http.get("/api/v1/tasks?limit=1", admin.accessToken()).json().getString("nextCursor");
        assertEquals(Set.of("q", "types", "limit", "cursor"), problemFields(server.http.get("/api/v1/search?q=%20%20&limit=101&types=&cursor="
                + otherListsCursor, admin.accessToken())), "q blank, an empty type and another list's cursor");
        assertEquals(Set.of("types"), problemFields(server.http.get("/api/v1/search?q=x&types=contact,%20case,notes",
                admin.accessToken())));
        assertEquals(200, server.http.get("/api/v1/search?q=x&types=contact,%20case", admin.accessToken()).status());
    }

    @Test
    void badParametersGetOneProblemNamingEachAndQuerySyntaxIsJustText() {
        assertEquals(Set.of("q", "limit"), problemFields(server.http.get("/api/v1/search?limit=0", admin.accessToken())));
        assertEquals(Set.of("types", "cursor"), problemFields(server.http.get("/api/v1/search?q=x&types=case,planet&cursor=bm9wZQ",
                admin.accessToken())));
        create("/api/v1/tasks", new JsonObject().put("title", "One"), admin);
        create("/api/v1/tasks", new JsonObject().put("title", "Two"), admin);
        String otherListsCursor = server.http.get("/api/v1/tasks?limit=1", admin.accessToken()).json().getString("nextCursor");
        assertEquals(Set.of("cursor"), problemFields(server.http.get("/api/v1/search?q=x&cursor=" + otherListsCursor, admin.accessToken())));
        assertProblem(400, server.http.get("/api/v1/search?q=" + "a".repeat(201), admin.accessToken()));
        assertProblem(400, server.http.get("/api/v1/search?q=%20%20", admin.accessToken()));
        assertProblem(401, server.http.get("/api/v1/search?q=anything", null));
        for (String q : List.of("a & | ! :* ( ' \\", "<>", "%_%", "x", "'; DROP TABLE cases; --", "日本語")) {
            assertEquals(200, server.http.get("/api/v1/search?q=" + encode(q), admin.accessToken()).status(), q);
        }
    }

    @Test
    void indexesFollowEveryWriteAndServeTheSearchOnALargeOrganization() throws Exception {
        JsonObject created = server.http.post("/api/v1/tasks", new JsonObject().put("title", "Wombat census"), admin.accessToken()).json();
        String task = created.getString("id");
        assertTrue(ids(admin, "wombat", "task").contains(task));
        Response renamed = server.http.patch("/api/v1/tasks/" + task, new JsonObject().put("title", "Numbat census").put("version", 1), admin.accessToken());
        assertEquals(200, renamed.status(), renamed::toString);
        assertFalse(ids(admin, "wombat", "task").contains(task));
        assertTrue(ids(admin, "numbat", "task").contains(task));
        assertEquals(204, server.http.delete("/api/v1/tasks/" + task, admin.accessToken()).status());
        assertFalse(ids(admin, "numbat", "task").contains(task));

        String caseId = server.createCase(admin);
        try (Connection c = TestDatabase.connect(server.db); Statement st = c.createStatement()) {
            st.execute("INSERT INTO cases (tenant_id, id, number, title, pipeline_id, stage) SELECT tenant_id, gen_random_uuid(), 1000 + n,"
                    + " 'Case ' || md5(n::text) || ' follow up', pipeline_id, stage FROM cases, generate_series(1, 20000) n"
                    + " WHERE id = '" + caseId + "'");
            st.execute("INSERT INTO contacts (tenant_id, id, full_name, email) SELECT '" + admin.tenantId() + "', gen_random_uuid(),"
                    + " 'Person ' || md5(n::text), 'p' || n || '@bulk.example' FROM generate_series(1, 20000) n");
            st.execute("ANALYZE cases");
            st.execute("ANALYZE contacts");
            // the statements search_matches runs as the tables' owner
            String casePlan = plan(c, "SELECT c.id FROM cases c WHERE c.tenant_id = ?::uuid AND c.search_vector @@ search_query(?::uuid, 'needle:*')");
            assertTrue(casePlan.contains("cases_search_vector_idx") && !casePlan.contains("Seq Scan"), casePlan);
            String contactPlan = plan(c, "SELECT c.id FROM contacts c WHERE c.tenant_id = ?::uuid AND c.search_text LIKE '%needle%'"
                    + " UNION ALL SELECT c.id FROM contacts c WHERE c.tenant_id = ?::uuid AND 'needle' <% c.search_text");
            assertTrue(contactPlan.contains("Bitmap Index Scan on contacts_search") && !contactPlan.contains("Seq Scan"), contactPlan);
        }
        String needle = create("/api/v1/cases", new JsonObject().put("title", "Needle in the haystack"), admin);
        assertEquals(List.of(needle), new ArrayList<>(ids(admin, "needle", "case")));
        try (Connection c = TestDatabase.connect(server.db); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("SET LOCAL ROLE switchboard_app");
            String matches = "SELECT count(*) FROM search_matches('cases', 'prefixes', NULL, search_query('" + admin.tenantId() + "', 'needle:*'), NULL, NULL)";
            assertEquals(0, count(st, matches), "no organization bound, no matches");
            st.execute("SELECT set_config('app.tenant_id', '" + (server.register("Search Other").tenantId()) + "', true)");
            assertEquals(0, count(st, matches), "another organization bound: none of this one's rows");
            st.execute("SELECT set_config('app.tenant_id', '" + admin.tenantId() + "', true)");
            assertEquals(1, count(st, matches));
            c.rollback();
        }
    }

    private static long count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Set<String> problemFields(Response r) {
        assertProblem(400, r);
        return r.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")).collect(Collectors.toSet());
    }

    private String plan(Connection c, String sql) throws Exception {
        try (PreparedStatement st = c.prepareStatement("EXPLAIN " + sql)) {
            st.setString(1, admin.tenantId());
            st.setString(2, admin.tenantId());
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }

    private static String create(String path, JsonObject body, Account as) {
        Response r = server.http.post(path, body, as.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json().getString("id");
    }

    private static Set<String> ids(Account caller, String q, String types) {
        return hits(caller, q, types).stream().map(h -> h.getString("id")).collect(Collectors.toSet());
    }

    private static List<JsonObject> hits(Account caller, String q, String types) {
        Response r = server.http.get("/api/v1/search?limit=100&types=" + types + "&q=" + encode(q), caller.accessToken());
        assertEquals(200, r.status(), r::toString);
        return r.items().stream().map(JsonObject.class::cast).toList();
    }

    private static String encode(String q) {
        return URLEncoder.encode(q, StandardCharsets.UTF_8);
    }
}
