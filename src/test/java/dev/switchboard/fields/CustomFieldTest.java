package dev.switchboard.fields;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Custom field definitions, the checks on contact, case, task and conversation writes, {@code cf.} list filters, archiving, and {@code /metadata}. */
class CustomFieldTest {

    private static final String FIELDS = "/api/v1/custom-fields";
    private static final String CONTACTS = "/api/v1/contacts";
    private static final String CASES = "/api/v1/cases";
    private static final String TASKS = "/api/v1/tasks";
    private static final String CONVERSATIONS = "/api/v1/conversations";

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
    void checksEveryContactWriteAgainstTheDefinitionsAndNamesEveryBadField() {
        Account admin = server.register("Fields Validation");
        Account agent = server.invite(admin, "agent");
        defineStandardFields(admin);

        JsonObject plain = contact(admin, new JsonObject().put("fullName", "Plain"));
        assertEquals(new JsonObject().put("tier", "bronze"), plain.getJsonObject("customFields"), "the default filled in");

        Account stranger = server.register("Fields Stranger");
        Response bad = server.http.post(CONTACTS, new JsonObject().put("fullName", "Bad").put("customFields", new JsonObject()
                .put("tier", "platinum").put("score", "high").put("renewal", "2025-13-01").put("vip", "yes")
                .put("topics", new JsonArray().add("billing").add("gossip")).put("manager", stranger.userId())
                .put("site", "javascript:alert(1)").put("shoe_size", 44)), admin.accessToken());
        assertEquals(400, bad.status(), bad::toString);
        assertEquals(Set.of("customFields.tier", "customFields.score", "customFields.renewal", "customFields.vip",
                "customFields.topics", "customFields.manager", "customFields.site", "customFields.shoe_size"), fields(bad));
        assertEquals(1L, TestDatabase.queryLong(server.db, "SELECT count(*) FROM contacts WHERE tenant_id = ?::uuid", admin.tenantId()),
                "nothing half-written");

        JsonObject good = contact(agent, new JsonObject().put("fullName", "Good").put("customFields", new JsonObject()
                .put("tier", "gold").put("score", 7.5).put("renewal", "2026-01-31").put("vip", true)
                .put("topics", new JsonArray().add("billing").add("billing").add("support")).put("manager", agent.userId())
                .put("site", "https://good.example/path").put("nickname", " Goody ")));
        JsonObject values = good.getJsonObject("customFields");
        assertEquals(new JsonArray().add("billing").add("support"), values.getJsonArray("topics"), "duplicates dropped");
        assertEquals(7.5, values.getDouble("score"));
        assertEquals(agent.userId(), values.getString("manager"));

        String id = good.getString("id");
        Response cleared = server.http.patch(CONTACTS + "/" + id, new JsonObject().put("customFields", new JsonObject().put("tier", null)),
                agent.accessToken());
        assertEquals(400, cleared.status(), cleared::toString);
        assertEquals(Set.of("customFields.tier"), fields(cleared), "a required field cannot be cleared");
        Response changed = server.http.patch(CONTACTS + "/" + id, new JsonObject().put("customFields", new JsonObject()
                .put("score", 9).put("nickname", null)), agent.accessToken());
        assertEquals(200, changed.status(), changed::toString);
        JsonObject after = changed.json().getJsonObject("customFields");
        assertEquals(9, after.getInteger("score"));
        assertEquals("gold", after.getString("tier"), "keys not named keep their value");
        assertFalse(after.containsKey("nickname"), "null removes a value");
    }

    @Test
    void filtersContactListsByCustomFieldsAcrossPages() {
        Account admin = server.register("Fields Filters");
        defineStandardFields(admin);
        List<String> ids = new ArrayList<>();
        int[] scores = {1, 5, 10, 15};
        String[] renewals = {"2025-01-15", "2025-06-30", "2025-07-01", "2026-02-01"};
        for (int i = 0; i < scores.length; i++) {
            ids.add(contact(admin, new JsonObject().put("fullName", "Filtered " + i).put("customFields", new JsonObject()
                    .put("tier", i % 2 == 0 ? "gold" : "silver").put("score", scores[i]).put("renewal", renewals[i])
                    .put("vip", i == 3).put("topics", new JsonArray().add(i < 2 ? "billing" : "support")))).getString("id"));
        }
        contact(admin, new JsonObject().put("fullName", "No values"));

        assertEquals(List.of(ids.get(0), ids.get(2)), list(admin, "?cf.tier=gold"));
        assertEquals(List.of(ids.get(1), ids.get(2), ids.get(3)), list(admin, "?cf.score%5Bgte%5D=5"));
        assertEquals(List.of(ids.get(1), ids.get(2)), list(admin, "?cf.score%5Bgte%5D=5&cf.score%5Blte%5D=10"));
        assertEquals(List.of(ids.get(0), ids.get(1)), list(admin, "?cf.renewal%5Blte%5D=2025-06-30"));
        assertEquals(List.of(ids.get(3)), list(admin, "?cf.vip=true"));
        assertEquals(List.of(ids.get(2), ids.get(3)), list(admin, "?cf.topics=support"));
        assertEquals(List.of(ids.get(2)), list(admin, "?cf.topics=support&cf.tier=gold"));
        assertEquals(List.of(ids.get(3), ids.get(2), ids.get(1)), list(admin, "?cf.score%5Bgte%5D=5&sort=-createdAt"));

        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            Response page = server.http.get(CONTACTS + "?cf.score%5Bgte%5D=2&limit=1" + (cursor == null ? "" : "&cursor=" + cursor),
                    admin.accessToken());
            assertEquals(200, page.status(), page::toString);
            page.items().forEach(o -> paged.add(((JsonObject) o).getString("id")));
            cursor = page.json().getString("nextCursor");
        } while (cursor != null);
        assertEquals(List.of(ids.get(1), ids.get(2), ids.get(3)), paged, "keyset pages walk the filtered list once");

        Response bad = server.http.get(CONTACTS + "?cf.nope=1&cf.tier%5Bgte%5D=gold&cf.score=abc&cf.tier=platinum", admin.accessToken());
        assertEquals(400, bad.status(), bad::toString);
        assertEquals(Set.of("cf.nope", "cf.tier[gte]", "cf.score", "cf.tier"), fields(bad));
    }

    @Test
    void renamingAndArchivingAFieldKeepsItsValues() {
        Account admin = server.register("Fields Lifecycle");
        Account agent = server.invite(admin, "agent");
        String field = define(admin, new JsonObject().put("recordType", "contact").put("key", "region_code").put("label", "Region")
                .put("type", "single_select").put("options", new JsonArray().add("north").add("south")).put("required", true));
        String id = contact(admin, new JsonObject().put("fullName", "Kept").put("customFields", new JsonObject().put("region_code", "north")))
                .getString("id");

        Response renamed = server.http.patch(FIELDS + "/" + field, new JsonObject().put("label", "Sales region").put("version", 1),
                admin.accessToken());
        assertEquals(200, renamed.status(), renamed::toString);
        assertEquals("Sales region", renamed.json().getString("label"));
        assertEquals("region_code", renamed.json().getString("key"), "the key never changes");
        Response rekey = server.http.patch(FIELDS + "/" + field, new JsonObject().put("key", "other").put("type", "text"), admin.accessToken());
        assertEquals(Set.of("key", "type"), fields(rekey));

        Response archived = server.http.patch(FIELDS + "/" + field, new JsonObject().put("archived", true), admin.accessToken());
        assertEquals(200, archived.status(), archived::toString);
        assertTrue(archived.json().getBoolean("archived"));
        assertEquals("north", server.http.get(CONTACTS + "/" + id, admin.accessToken()).json().getJsonObject("customFields")
                .getString("region_code"), "values stay readable");
        assertEquals(List.of(id), list(admin, "?cf.region_code=north"), "and filterable");
        contact(admin, new JsonObject().put("fullName", "After archive"));
        Response write = server.http.patch(CONTACTS + "/" + id, new JsonObject().put("customFields", new JsonObject().put("region_code", "south")),
                admin.accessToken());
        assertEquals(Set.of("customFields.region_code"), fields(write), "an archived field takes no new values");
        assertTrue(ids(server.http.get(FIELDS, admin.accessToken())).isEmpty(), "the active list leaves it out");
        assertEquals(Set.of(field), ids(server.http.get(FIELDS + "?archived=true", agent.accessToken())), "everyone reads definitions");

        assertEquals(403, server.http.post(FIELDS, new JsonObject().put("recordType", "case").put("key", "x").put("label", "X")
                .put("type", "text"), agent.accessToken()).status(), "only organization managers define fields");
        assertEquals(403, server.http.patch(FIELDS + "/" + field, new JsonObject().put("label", "Mine"), agent.accessToken()).status());
        Response duplicate = server.http.post(FIELDS, new JsonObject().put("recordType", "contact").put("key", "region_code")
                .put("label", "Again").put("type", "text"), admin.accessToken());
        assertEquals(409, duplicate.status(), duplicate::toString);
        Response badDefinition = server.http.post(FIELDS, new JsonObject().put("recordType", "contact").put("key", "Bad Key")
                .put("label", "").put("type", "single_select").put("default", 3), admin.accessToken());
        assertEquals(Set.of("key", "label"), fields(badDefinition));
        Response noOptions = server.http.post(FIELDS, new JsonObject().put("recordType", "contact").put("key", "pick")
                .put("label", "Pick").put("type", "single_select").put("default", "z"), admin.accessToken());
        assertEquals(Set.of("options", "default"), fields(noOptions));

        Account stranger = server.register("Fields Elsewhere");
        assertEquals(404, server.http.get(FIELDS + "/" + field, stranger.accessToken()).status());
        assertTrue(ids(server.http.get(FIELDS + "?archived=true", stranger.accessToken())).isEmpty());
        assertTrue(server.http.get("/api/v1/metadata", stranger.accessToken()).json().getJsonObject("customFields")
                .getJsonArray("contact").isEmpty());
        contact(stranger, new JsonObject().put("fullName", "Free form").put("customFields", new JsonObject().put("anything", 1)));
    }

    @Test
    void metadataServesDefinitionsAndEveryBuiltInPicklist() {
        Account admin = server.register("Fields Metadata");
        Account viewer = server.invite(admin, "viewer");
        String field = define(admin, new JsonObject().put("recordType", "case").put("key", "effort").put("label", "Effort").put("type", "number"));
        Response r = server.http.get("/api/v1/metadata", viewer.accessToken());
        assertEquals(200, r.status(), r::toString);
        JsonObject body = r.json();
        assertEquals(field, body.getJsonObject("customFields").getJsonArray("case").getJsonObject(0).getString("id"));
        assertTrue(body.getJsonObject("customFields").getJsonArray("contact").isEmpty());
        JsonObject picklists = body.getJsonObject("picklists");
        assertEquals(new JsonArray().add("low").add("normal").add("high").add("urgent"), picklists.getJsonArray("casePriorities"));
        assertEquals(new JsonArray().add("admin").add("manager").add("agent").add("viewer").add("customer"), picklists.getJsonArray("roles"));
        assertTrue(picklists.getJsonArray("caseSources").contains("meta"));
        assertTrue(picklists.getJsonArray("conversationChannels").contains("web_chat"));
        assertTrue(picklists.getJsonArray("taskStatuses").contains("done"));
        JsonObject pipeline = picklists.getJsonArray("casePipelines").getJsonObject(0);
        assertFalse(pipeline.getJsonArray("stages").isEmpty(), "case stages of the default pipeline");
        for (String type : List.of("contact", "task", "conversation")) {
            assertTrue(body.getJsonObject("customFields").getJsonArray(type).isEmpty(), type);
        }
        assertNull(body.getJsonObject("customFields").getValue("note"), "notes take no custom fields");
    }

    @Test
    void casesTakeCheckedCustomFieldsAndFilterWithinTheCallersReadRules() {
        Account admin = server.register("Fields Cases");
        Account agent = server.invite(admin, "agent");
        define(admin, new JsonObject().put("recordType", "case").put("key", "budget").put("label", "Budget").put("type", "number")
                .put("required", true));
        define(admin, new JsonObject().put("recordType", "case").put("key", "due_on").put("label", "Due on").put("type", "date"));

        Response missing = server.http.post(CASES, new JsonObject().put("title", "No budget"), admin.accessToken());
        assertEquals(Set.of("customFields.budget"), fields(missing));
        Response wrong = server.http.post(CASES, new JsonObject().put("title", "Bad").put("customFields", new JsonObject()
                .put("budget", "lots").put("due_on", "tomorrow").put("colour", "red")), admin.accessToken());
        assertEquals(Set.of("customFields.budget", "customFields.due_on", "customFields.colour"), fields(wrong));

        String small = caseWith(admin, 500, "2026-03-01");
        String big = caseWith(admin, 5000, "2026-04-01");
        String agents = caseWith(agent, 7000, "2026-05-01");
        Response patched = server.http.patch(CASES + "/" + small, new JsonObject().put("customFields", new JsonObject().put("budget", 1500))
                .put("version", 1), admin.accessToken());
        assertEquals(200, patched.status(), patched::toString);
        assertEquals(new JsonObject().put("budget", 1500).put("due_on", "2026-03-01"), patched.json().getJsonObject("customFields"));
        assertEquals(Set.of("customFields.budget"), fields(server.http.patch(CASES + "/" + small,
                new JsonObject().put("customFields", new JsonObject().put("budget", null)), admin.accessToken())));
        JsonObject updated = server.events(small).stream().filter(e -> e.getString("type").equals("case.updated")).findFirst()
                .orElseThrow().getJsonObject("payload");
        assertEquals(1500, updated.getJsonObject("after").getJsonObject("customFields").getInteger("budget"), "the change is in the event");

        assertEquals(List.of(small, big, agents), caseIds(admin, "?cf.budget%5Bgte%5D=1000"));
        assertEquals(List.of(big), caseIds(admin, "?cf.budget%5Bgte%5D=1000&cf.due_on%5Bgte%5D=2026-03-15&cf.due_on%5Blte%5D=2026-04-30"));
        assertEquals(List.of(agents), caseIds(agent, "?cf.budget%5Bgte%5D=1000"), "an agent's filtered list keeps the agent's read rule");
        assertEquals(Set.of("cf.budget"), fields(server.http.get(CASES + "?cf.budget=many", admin.accessToken())));
    }

    @Test
    void tasksTakeDefaultsCheckedValuesAndFilters() {
        Account admin = server.register("Fields Tasks");
        define(admin, new JsonObject().put("recordType", "task").put("key", "estimate").put("label", "Estimate").put("type", "single_select")
                .put("options", new JsonArray().add("s").add("m").add("l")).put("required", true).put("default", "m"));
        Response plain = server.http.post(TASKS, new JsonObject().put("title", "Plain"), admin.accessToken());
        assertEquals(201, plain.status(), plain::toString);
        assertEquals(new JsonObject().put("estimate", "m"), plain.json().getJsonObject("customFields"));
        assertEquals(Set.of("customFields.estimate"), fields(server.http.post(TASKS, new JsonObject().put("title", "Huge")
                .put("customFields", new JsonObject().put("estimate", "xl")), admin.accessToken())));

        String id = plain.json().getString("id");
        Response patched = server.http.patch(TASKS + "/" + id, new JsonObject().put("customFields", new JsonObject().put("estimate", "l")),
                admin.accessToken());
        assertEquals(200, patched.status(), patched::toString);
        assertEquals("l", patched.json().getJsonObject("customFields").getString("estimate"));
        assertTrue(server.events(id).stream().anyMatch(e -> e.getString("type").equals("task.updated")), "the change is an event");
        String other = server.http.post(TASKS, new JsonObject().put("title", "Other"), admin.accessToken()).json().getString("id");

        Response large = server.http.get(TASKS + "?cf.estimate=l", admin.accessToken());
        assertEquals(List.of(id), large.items().stream().map(o -> ((JsonObject) o).getString("id")).toList());
        Response medium = server.http.get(TASKS + "?cf.estimate=m", admin.accessToken());
        assertEquals(List.of(other), medium.items().stream().map(o -> ((JsonObject) o).getString("id")).toList());
    }

    @Test
    void conversationsTakeCheckedValuesAndFilterWithinTheCallersReadRules() {
        Account admin = server.register("Fields Conversations");
        Account agent = server.invite(admin, "agent");
        define(admin, new JsonObject().put("recordType", "conversation").put("key", "language").put("label", "Language")
                .put("type", "single_select").put("options", new JsonArray().add("en").add("de")));
        define(admin, new JsonObject().put("recordType", "conversation").put("key", "vip").put("label", "VIP").put("type", "boolean"));
        Response bad = server.http.post(CONVERSATIONS, new JsonObject().put("channel", "internal").put("subject", "Bad")
                .put("customFields", new JsonObject().put("language", "fr").put("vip", 1)), admin.accessToken());
        assertEquals(Set.of("customFields.language", "customFields.vip"), fields(bad));

        String german = conversation(admin, new JsonObject().put("language", "de"));
        String english = conversation(admin, new JsonObject().put("language", "en").put("vip", true));
        String agents = conversation(agent, new JsonObject().put("language", "de"));
        Response patched = server.http.patch(CONVERSATIONS + "/" + english, new JsonObject().put("customFields",
                new JsonObject().put("language", "de")), admin.accessToken());
        assertEquals(200, patched.status(), patched::toString);
        assertEquals(new JsonObject().put("language", "de").put("vip", true), patched.json().getJsonObject("customFields"));
        assertTrue(server.events(english).stream().anyMatch(e -> e.getString("type").equals("conversation.updated")));

        assertEquals(Set.of(german, english, agents), Set.copyOf(conversationIds(admin, "?cf.language=de")));
        assertEquals(List.of(english), conversationIds(admin, "?cf.language=de&cf.vip=true"));
        assertEquals(List.of(agents), conversationIds(agent, "?cf.language=de"), "an agent's filtered list keeps the agent's read rule");
        assertEquals(Set.of("cf.vip"), fields(server.http.get(CONVERSATIONS + "?cf.vip=maybe", admin.accessToken())));
    }

    private static String conversation(Account who, JsonObject custom) {
        Response r = server.http.post(CONVERSATIONS, new JsonObject().put("channel", "internal").put("subject", "Chat")
                .put("customFields", custom), who.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json().getString("id");
    }

    private static List<String> conversationIds(Account who, String query) {
        Response r = server.http.get(CONVERSATIONS + query, who.accessToken());
        assertEquals(200, r.status(), r::toString);
        return r.items().stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }

    private static String caseWith(Account who, int budget, String dueOn) {
        Response r = server.http.post(CASES, new JsonObject().put("title", "Budget " + budget).put("customFields", new JsonObject()
                .put("budget", budget).put("due_on", dueOn)), who.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json().getString("id");
    }

    private static List<String> caseIds(Account who, String query) {
        Response r = server.http.get(CASES + query + "&sort=createdAt", who.accessToken());
        assertEquals(200, r.status(), r::toString);
        return r.items().stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }

    /** Contact fields of every type; tier is a required select with a default. */
    private static void defineStandardFields(Account admin) {
        define(admin, field("tier", "single_select").put("options", new JsonArray().add("gold").add("silver").add("bronze"))
                .put("required", true).put("default", "bronze"));
        define(admin, field("score", "number"));
        define(admin, field("renewal", "date"));
        define(admin, field("vip", "boolean"));
        define(admin, field("topics", "multi_select").put("options", new JsonArray().add("billing").add("support")));
        define(admin, field("manager", "user"));
        define(admin, field("site", "url"));
        define(admin, field("nickname", "text"));
    }

    private static JsonObject field(String key, String type) {
        return new JsonObject().put("recordType", "contact").put("key", key).put("label", key.toUpperCase()).put("type", type);
    }

    private static String define(Account admin, JsonObject body) {
        Response r = server.http.post(FIELDS, body, admin.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json().getString("id");
    }

    private static JsonObject contact(Account who, JsonObject body) {
        Response r = server.http.post(CONTACTS, body, who.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json();
    }

    private static List<String> list(Account who, String query) {
        Response r = server.http.get(CONTACTS + query, who.accessToken());
        assertEquals(200, r.status(), r::toString);
        return r.items().stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }

    private static Set<String> ids(Response r) {
        assertEquals(200, r.status(), r::toString);
        return r.items().stream().map(o -> ((JsonObject) o).getString("id")).collect(Collectors.toSet());
    }

    private static Set<String> fields(Response r) {
        assertEquals(400, r.status(), r::toString);
        return r.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")).collect(Collectors.toSet());
    }

}
