package dev.switchboard.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/imports/cases}: each row checked and written like {@code POST /api/v1/cases}, links given by email
 * or name resolved inside the caller's organization, rejected rows reported with the column at fault.
 */
class CaseImportTest {

    private static final int ROWS = 10_000;
    private static TestServer server;
    private static ImportClient client;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        client = new ImportClient(server, "cases");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void tenThousandRowsWithThreePercentBadImportTheRestAndReportExactlyTheBadOnesByColumn() {
        Account admin = server.register("Case Import Big");
        Account rival = server.register("Case Import Big Rival");
        Account agent = server.invite(admin, "agent");
        String contact = contact(admin, "Pat", "pat@case-import.test");
        String team = id(server.http.post("/api/v1/teams", new JsonObject().put("name", "Night Shift"), admin.accessToken()));
        Map<Integer, String> bad = new TreeMap<>();
        StringBuilder csv = new StringBuilder("title,priority,stage,owner,contactEmail,team\r\n");
        int owned = 0;
        int linked = 0;
        int teamed = 0;
        int inProgress = 0;
        for (int i = 0; i < ROWS; i++) {
            String title = "Imported case " + i;
            String priority = List.of("low", "normal", "high", "urgent").get(i % 4);
            String stage = i % 3 == 0 ? "In progress" : i % 3 == 1 ? "qualified" : "";
            String owner = i % 2 == 0 ? (i % 4 == 0 ? agent.email().toUpperCase() : agent.email()) : "";
            String contactEmail = i % 5 == 0 ? "pat@case-import.test" : "";
            String teamName = i % 7 == 0 ? "night shift" : "";
            if (i % 33 == 5 && bad.size() < 300) {
                switch (bad.size() % 5) {
                    case 0 -> priority = "critical";
                    case 1 -> stage = "Nowhere";
                    case 2 -> owner = "nobody-" + i + "@case-import.test";
                    case 3 -> owner = rival.email();
                    default -> title = "";
                }
                bad.put(i + 2, switch (bad.size() % 5) {
                    case 0 -> "priority";
                    case 1 -> "stage";
                    case 2, 3 -> "owner";
                    default -> "title";
                });
            } else {
                owned += owner.isEmpty() ? 0 : 1;
                linked += contactEmail.isEmpty() ? 0 : 1;
                teamed += teamName.isEmpty() ? 0 : 1;
                inProgress += stage.equals("In progress") ? 1 : 0;
            }
            csv.append(String.join(",", title, priority, stage, owner, contactEmail, teamName)).append("\r\n");
        }
        assertEquals(300, bad.size());

        JsonObject done = client.importAndWait(admin, csv.toString(), "mode=skip_invalid");
        JsonObject progress = done.getJsonObject("progress");
        assertEquals("cases", done.getString("recordType"));
        assertEquals(ROWS, progress.getInteger("rowsRead"), done::encode);
        assertEquals(ROWS - 300, progress.getInteger("imported"), done::encode);
        assertEquals(300, progress.getInteger("failed"), done::encode);
        assertEquals(bad, client.errors(admin, done.getString("id")), "exactly the bad rows, each naming its column");

        assertEquals(ROWS - 300, cases(admin, "true"));
        assertEquals(ROWS - 300, cases(admin, "number BETWEEN 1 AND " + (ROWS - 300)), "case numbers stay gap-free");
        assertEquals(owned, cases(admin, "owner_user_id = '" + agent.userId() + "'"), "owners found by email, whatever its case");
        assertEquals(linked, cases(admin, "contact_id = '" + contact + "'"));
        assertEquals(teamed, cases(admin, "team_id = '" + team + "'"), "teams found by name, whatever its case");
        assertEquals(inProgress, cases(admin, "stage = 'in_progress'"), "stages found by name");
        assertEquals(0, TestDatabase.queryLong(server.db, "SELECT count(*) FROM cases WHERE owner_user_id = ?::uuid", rival.userId()));
        assertEquals(ROWS - 300, TestDatabase.queryLong(server.db,
                "SELECT count(*) FROM audit_log WHERE tenant_id = ?::uuid AND action = 'case.created'", admin.tenantId()),
                "each case records the create route's event");
    }

    @Test
    void allOrNothingImportsNothingWhenOneRowNamesSomethingOutsideTheOrganization() {
        Account admin = server.register("Case Import Strict");
        Account rival = server.register("Case Import Strict Rival");
        StringBuilder csv = new StringBuilder("title,ownerEmail\r\n");
        for (int i = 0; i < 40; i++) {
            csv.append("Strict ").append(i).append(',').append(i == 17 ? rival.email() : admin.email()).append("\r\n");
        }
        JsonObject done = client.importAndWait(admin, csv.toString(), "mode=all_or_nothing");
        assertEquals(0, done.getJsonObject("progress").getInteger("imported"), done::encode);
        assertEquals(1, done.getJsonObject("progress").getInteger("failed"), done::encode);
        assertEquals(Map.of(19, "ownerEmail"), client.errors(admin, done.getString("id")));
        assertEquals(0, cases(admin, "true"), "the valid rows were rolled back");
        Response next = server.http.post("/api/v1/cases", new JsonObject().put("title", "After"), admin.accessToken());
        assertEquals(1, next.json().getInteger("number"), "and gave their numbers back");
    }

    @Test
    void customFieldColumnsAreCheckedWithTheirRequiredFlagsAndDefaults() {
        Account admin = server.register("Case Import Fields");
        field(admin, new JsonObject().put("key", "clinic").put("label", "Clinic").put("type", "single_select")
                .put("options", new JsonArray().add("Berlin").add("Munich")).put("default", "Berlin"));
        field(admin, new JsonObject().put("key", "intake").put("label", "Intake").put("type", "text").put("required", true));
        field(admin, new JsonObject().put("key", "visits").put("label", "Visits").put("type", "number"));
        field(admin, new JsonObject().put("key", "urgent").put("label", "Urgent").put("type", "boolean"));
        field(admin, new JsonObject().put("key", "channels").put("label", "Channels").put("type", "multi_select")
                .put("options", new JsonArray().add("phone").add("email").add("chat")));
        String csv = "title,clinic,intake,visits,urgent,channels\r\n"
                + "A,Munich,phone,3,true,phone;email\r\n"
                + "B,Hamburg,web,,,\r\n"
                + "C,,mail,2.5,FALSE,chat\r\n"
                + "D,Munich,,,,\r\n"
                + "E,Munich,desk,many,maybe,fax\r\n";
        JsonObject done = client.importAndWait(admin, csv, "mode=skip_invalid");
        assertEquals(2, done.getJsonObject("progress").getInteger("imported"), done::encode);
        assertEquals(Map.of(3, "customFields.clinic", 5, "customFields.intake",
                6, "customFields.visits,customFields.urgent,customFields.channels"), client.errors(admin, done.getString("id")));
        assertEquals(List.of("A"), titles(admin, "cf.clinic=Munich"));
        assertEquals(List.of("C"), titles(admin, "cf.clinic=Berlin"), "a blank cell takes the field's default");
        assertEquals(List.of("A"), titles(admin, "cf.visits[gte]=3"), "numbers are stored as numbers");
        JsonObject a = server.http.get("/api/v1/cases?cf.clinic=Munich", admin.accessToken()).items().getJsonObject(0);
        assertEquals(new JsonObject().put("clinic", "Munich").put("intake", "phone").put("visits", 3).put("urgent", true)
                .put("channels", new JsonArray().add("phone").add("email")), a.getJsonObject("customFields"));
    }

    @Test
    void linksToAnotherOrganizationAreRowErrorsNamingTheColumn() {
        Account admin = server.register("Case Import Links");
        Account rival = server.register("Case Import Links Rival");
        String own = contact(admin, "Own", "own@case-links.test");
        String ownTwin = contact(admin, "Twin", "twin@case-links.test");
        contact(rival, "Twin", "twin@case-links.test");
        String rivalContact = contact(rival, "Theirs", "theirs@case-links.test");
        server.http.post("/api/v1/teams", new JsonObject().put("name", "Rival team"), rival.accessToken());
        pipeline(rival, "Rival pipeline");
        String support = pipeline(admin, "Support");
        String csv = "title,contactEmail,contactId,team,pipeline,stage,ownerId\r\n"
                + "Mine,own@case-links.test,,,,,\r\n"
                + "Their contact,theirs@case-links.test,,,,,\r\n"
                + "Their contact id,," + rivalContact + ",,,,\r\n"
                + "Their team,,,Rival team,,,\r\n"
                + "Their pipeline,,,,Rival pipeline,,\r\n"
                + "Their user,,,,,," + rival.userId() + "\r\n"
                + "Twin,twin@case-links.test,,,support,Escalated,\r\n";
        JsonObject done = client.importAndWait(admin, csv, "mode=skip_invalid");
        assertEquals(2, done.getJsonObject("progress").getInteger("imported"), done::encode);
        assertEquals(Map.of(3, "contactEmail", 4, "contactId", 5, "team", 6, "pipeline", 7, "ownerId"),
                client.errors(admin, done.getString("id")));
        assertEquals(1, cases(admin, "contact_id = '" + own + "'"));
        assertEquals(1, cases(admin, "contact_id = '" + ownTwin + "' AND pipeline_id = '" + support + "' AND stage = 'escalated'"),
                "an email both organizations use links this organization's contact");
        assertEquals(2, cases(admin, "true"));
    }

    @Test
    void anExportImportsAgain() {
        Account admin = server.register("Case Import Round Trip");
        String contact = contact(admin, "Round", "round@case-trip.test");
        Response first = server.http.post("/api/v1/cases", new JsonObject().put("title", "Trip, \"quoted\"").put("contactId", contact)
                .put("priority", "urgent").put("stage", "qualified").put("ownerUserId", admin.userId()), admin.accessToken());
        assertEquals(201, first.status(), first::toString);
        String exported = server.http.get("/api/v1/exports/cases", admin.accessToken()).body().toString();
        JsonObject done = client.importAndWait(admin, exported, "mode=all_or_nothing");
        assertEquals(1, done.getJsonObject("progress").getInteger("imported"), done::encode);
        JsonObject copy = server.http.get("/api/v1/cases", admin.accessToken()).items().stream().map(JsonObject.class::cast)
                .filter(c -> c.getInteger("number") == 2).findFirst().orElseThrow();
        for (String field : List.of("title", "contactId", "pipelineId", "stage", "priority", "ownerUserId", "source")) {
            assertEquals(first.json().getValue(field), copy.getValue(field), field);
        }
    }

    @Test
    void needsDataImportAndCasesWrite() {
        Account admin = server.register("Case Import Rules");
        Account agent = server.invite(admin, "agent");
        assertEquals(403, client.upload(agent, "title\r\nX\r\n", "").status());
        Account viewer = server.invite(admin, "viewer");
        Response granted = server.http.put("/api/v1/users/" + viewer.userId() + "/permissions", new JsonObject()
                .put("grants", new JsonArray().add("data.import")).put("revocations", new JsonArray()), admin.accessToken());
        assertEquals(200, granted.status(), granted::toString);
        JsonObject done = client.importAndWait(viewer, "title\r\nX\r\n", "");
        assertEquals(Map.of(2, "row"), client.errors(admin, done.getString("id")), "a viewer allowed to import still cannot create cases");
        assertEquals(0, cases(admin, "true"));
    }

    private static String contact(Account who, String name, String email) {
        return id(server.http.post("/api/v1/contacts", new JsonObject().put("fullName", name).put("email", email), who.accessToken()));
    }

    private static String pipeline(Account who, String name) {
        JsonArray stages = new JsonArray().add(new JsonObject().put("key", "open").put("name", "Open"))
                .add(new JsonObject().put("key", "escalated").put("name", "Escalated"))
                .add(new JsonObject().put("key", "solved").put("name", "Solved").put("terminal", true));
        return id(server.http.post("/api/v1/pipelines", new JsonObject().put("name", name).put("stages", stages), who.accessToken()));
    }

    private static void field(Account who, JsonObject definition) {
        Response r = server.http.post("/api/v1/custom-fields", definition.put("recordType", "case"), who.accessToken());
        assertEquals(201, r.status(), r::toString);
    }

    private static List<String> titles(Account who, String query) {
        Response r = server.http.get("/api/v1/cases?" + query, who.accessToken());
        assertEquals(200, r.status(), r::toString);
        return r.items().stream().map(o -> ((JsonObject) o).getString("title")).sorted().toList();
    }

    private static long cases(Account who, String condition) {
        return TestDatabase.queryLong(server.db, "SELECT count(*) FROM cases WHERE tenant_id = ?::uuid AND " + condition, who.tenantId());
    }

    private static String id(Response r) {
        assertEquals(201, r.status(), r::toString);
        return r.json().getString("id");
    }
}
