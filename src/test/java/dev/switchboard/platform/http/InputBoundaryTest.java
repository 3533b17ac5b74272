package dev.switchboard.platform.http;

import static dev.switchboard.testing.ApiAssertions.assertProblem;
import static dev.switchboard.testing.ApiAssertions.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The input rules every route shares, on the cases that used to reach the database or hang. */
class InputBoundaryTest {

    private static final String FAR_FUTURE = "+999999999-01-01T00:00:00Z";

    private static TestServer server;
    private static Account admin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = server.register("Boundary Co");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void refusesANulCharacterInABodyFieldNamingTheField() {
        Response r = server.http.post("/api/v1/contacts", new JsonObject().put("firstName", "Ann\u0000").put("lastName", "Lee"),
                admin.accessToken());
        assertProblem(400, r);
        assertEquals(List.of("firstName"), fields(r));
    }

    @Test
    void refusesANulCharacterDeepInsideABody() {
        JsonObject definition = new JsonObject().put("trigger", new JsonObject().put("type", "case.created"))
                .put("actions", new JsonArray().add(new JsonObject().put("type", "add_note").put("body", "a\u0000b")));
        Response r = server.http.post("/api/v1/workflows", new JsonObject().put("name", "Nul").put("definition", definition),
                admin.accessToken());
        assertProblem(400, r);
        assertEquals(List.of("definition.actions[0].body"), fields(r));
    }

    @Test
    void refusesAnEncodedNulInAQueryFilter() {
        Response r = server.http.get("/api/v1/contacts?q=a%00b", admin.accessToken());
        assertProblem(400, r);
        assertEquals(List.of("q"), fields(r));
    }

    @Test
    void refusesTimestampsOutsideTheYears1900To9999() {
        Response task = server.http.post("/api/v1/tasks", new JsonObject().put("title", "Far").put("dueAt", FAR_FUTURE),
                admin.accessToken());
        assertProblem(400, task);
        assertEquals(List.of("dueAt"), fields(task));

        String taskId = server.http.post("/api/v1/tasks", new JsonObject().put("title", "Near"), admin.accessToken()).json().getString("id");
        Response log = server.http.post("/api/v1/tasks/" + taskId + "/time-logs",
                new JsonObject().put("minutes", 30).put("loggedAt", FAR_FUTURE), admin.accessToken());
        assertProblem(400, log);
        assertEquals(0, TestDatabase.queryLong(server.db, "SELECT count(*) FROM task_time_logs WHERE task_id = ?::uuid", taskId));
        assertEquals(200, server.http.get("/api/v1/tasks/" + taskId + "/time-logs", admin.accessToken()).status());

        Response query = server.http.get("/api/v1/tasks?dueFrom=0001-01-01T00:00:00Z", admin.accessToken());
        assertProblem(400, query);
        assertEquals(List.of("dueFrom"), fields(query));
    }

    @Test
    void refusesValuesOfTheWrongType() {
        String contact = server.createContact(admin);
        Response version = server.http.patch("/api/v1/contacts/" + contact, new JsonObject().put("company", "X").put("version", "1"),
                admin.accessToken());
        assertProblem(400, version);
        assertEquals(List.of("version"), fields(version));

        Response cookie = server.http.post("/api/v1/auth/login", new JsonObject().put("email", admin.email())
                .put("password", Account.PASSWORD).put("useCookie", "yes"), null);
        assertProblem(400, cookie);
        assertEquals(List.of("useCookie"), fields(cookie));

        Response flag = server.http.get("/api/v1/appointments?includeCancelled=zzz", admin.accessToken());
        assertProblem(400, flag);
        assertEquals(List.of("includeCancelled"), fields(flag));
    }

    @Test
    void aWriteNamesEveryInvalidBodyFieldAndItsIfMatchInOneAnswer() {
        String task = server.http.post("/api/v1/tasks", new JsonObject().put("title", "Many faults"), admin.accessToken()).json().getString("id");
        Response r = server.http.send(HttpMethod.PATCH, "/api/v1/tasks/" + task, admin.accessToken(), new JsonObject()
                .put("priority", "whenever").put("dueAt", "tomorrow").put("assigneeUserId", "bob").toBuffer(), Map.of("If-Match", "\"v3\""));
        assertProblem(400, r);
        assertEquals(Set.of("priority", "dueAt", "assigneeUserId", "If-Match"), Set.copyOf(fields(r)));
    }

    @Test
    void aBlankTaskTitleIsNamedOnceWithIfMatch() {
        String task = server.http.post("/api/v1/tasks", new JsonObject().put("title", "Blank later"), admin.accessToken()).json().getString("id");
        Response r = server.http.send(HttpMethod.PATCH, "/api/v1/tasks/" + task, admin.accessToken(),
                new JsonObject().put("title", "   ").toBuffer(), Map.of("If-Match", "latest"));
        assertProblem(400, r);
        assertEquals(List.of("title", "If-Match"), fields(r));
        Response cleared = server.http.patch("/api/v1/tasks/" + task, new JsonObject().putNull("title"), admin.accessToken());
        assertProblem(400, cleared);
        assertEquals(List.of("title"), fields(cleared));
    }

    @Test
    void theEndpointsOwnRulesAndIfMatchComeInOneAnswer() {
        String caseId = server.createCase(admin);
        Response blank = server.http.send(HttpMethod.PATCH, "/api/v1/cases/" + caseId, admin.accessToken(),
                new JsonObject().put("title", "   ").toBuffer(), Map.of("If-Match", "latest"));
        assertProblem(400, blank);
        assertEquals(Set.of("title", "If-Match"), Set.copyOf(fields(blank)));

        Response organization = server.http.send(HttpMethod.PATCH, "/api/v1/organization", admin.accessToken(),
                new JsonObject().put("timezone", "Mars/Olympus_Mons").put("defaultLanguage", "??").toBuffer(), Map.of("If-Match", "x"));
        assertProblem(400, organization);
        assertEquals(Set.of("timezone", "defaultLanguage", "If-Match"), Set.copyOf(fields(organization)));

        Response ifMatchAlone = server.http.send(HttpMethod.PATCH, "/api/v1/cases/" + caseId, admin.accessToken(),
                new JsonObject().put("title", "Fine").toBuffer(), Map.of("If-Match", "latest"));
        assertProblem(400, ifMatchAlone);
        assertEquals(List.of("If-Match"), fields(ifMatchAlone));
    }

    @Test
    void aListNamesEveryInvalidQueryParameterInOneAnswer() {
        Map<String, Set<String>> lists = Map.of(
                "/api/v1/tasks?limit=0&cursor=zzz&status=later&dueFrom=soon&assigneeUserId=bob&sort=title",
                Set.of("limit", "cursor", "status", "dueFrom", "assigneeUserId", "sort"),
                "/api/v1/conversations?limit=500&cursor=zzz&status=asleep&channel=pigeon&teamId=x&sort=subject",
                Set.of("limit", "cursor", "status", "channel", "teamId", "sort"),
                "/api/v1/cases?cursor=zzz&priority=meh&archived=maybe&ownerUserId=bob&q=" + "x".repeat(201) + "&sort=-title",
                Set.of("cursor", "priority", "archived", "ownerUserId", "q", "sort"),
                "/api/v1/audit-log?cursor=zzz&entityId=x&actorId=y&from=yesterday&sort=at",
                Set.of("cursor", "entityId", "actorId", "from", "sort"),
                "/api/v1/jobs?cursor=zzz&status=lost&sort=runAt", Set.of("cursor", "status", "sort"),
                "/api/v1/emails?cursor=zzz&status=lost&limit=x", Set.of("cursor", "status", "limit"),
                "/api/v1/appointments?cursor=zzz&includeCancelled=perhaps&sort=startsAt", Set.of("cursor", "includeCancelled", "sort"),
                "/api/v1/calendar?cursor=zzz", Set.of("cursor", "from", "to"),
                "/api/v1/teams?limit=0&sort=name", Set.of("limit", "sort"));
        lists.forEach((path, expected) -> {
            Response r = server.http.get(path, admin.accessToken());
            assertProblem(400, r);
            assertEquals(expected, Set.copyOf(fields(r)), path);
        });
    }

    @Test
    void answersDeepNestingAndBadUtf8WithoutParserWords() {
        Buffer deep = Buffer.buffer("{\"a\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}");
        Response nested = server.http.send(HttpMethod.POST, "/api/v1/teams", admin.accessToken(), deep, Map.of());
        assertProblem(400, nested);
        assertEquals(List.of("body"), fields(nested));

        Buffer utf8 = Buffer.buffer(new byte[]{'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'});
        Response invalid = server.http.send(HttpMethod.POST, "/api/v1/teams", admin.accessToken(), utf8, Map.of());
        assertProblem(400, invalid);
        for (Response r : List.of(nested, invalid)) {
            String text = r.body().toString();
            assertFalse(text.contains("Stream") || text.contains("fasterxml") || text.contains("Exception") || text.contains("java."), text);
        }
    }

    @Test
    void concurrentIdenticalPermissionChangesAllSucceed() {
        Account agent = server.invite(admin, "agent");
        JsonObject body = new JsonObject().put("grants", new JsonArray().add("cases.read_all")).put("revocations", new JsonArray());
        List<Response> answers = burst(HttpMethod.PUT, "/api/v1/users/" + agent.userId() + "/permissions", body, 8);
        answers.forEach(r -> assertEquals(200, r.status(), r::toString));
        assertEquals(1, TestDatabase.queryLong(server.db, "SELECT count(*) FROM user_permissions WHERE user_id = ?::uuid", agent.userId()));
    }

    @Test
    void concurrentRollbacksOfATemplateEachAnswer() {
        String id = server.http.post("/api/v1/email-templates", new JsonObject().put("name", "Roll").put("subject", "v1")
                .put("html", "<p>one</p>"), admin.accessToken()).json().getString("id");
        Response edited = server.http.patch("/api/v1/email-templates/" + id, new JsonObject().put("name", "Roll").put("subject", "v2")
                .put("html", "<p>two</p>").put("version", 1),
                admin.accessToken());
        assertEquals(200, edited.status(), edited::toString);

        List<Response> answers = burst(HttpMethod.POST, "/api/v1/email-templates/" + id + "/rollback", new JsonObject().put("version", 1), 6);
        long succeeded = answers.stream().filter(r -> r.status() == 200).count();
        assertTrue(succeeded >= 1, answers::toString);
        answers.stream().filter(r -> r.status() != 200).forEach(r -> assertProblem(409, r));
    }

    /** Sends {@code copies} identical requests at once; every one must answer within 5 s. */
    private static List<Response> burst(HttpMethod method, String path, JsonObject body, int copies) {
        List<CompletableFuture<Response>> inFlight = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            inFlight.add(server.http.sendAsync(method, path, admin.accessToken(), body.toBuffer(), Map.of()));
        }
        List<Response> answers = new ArrayList<>();
        for (CompletableFuture<Response> answer : inFlight) {
            try {
                answers.add(answer.get(5, TimeUnit.SECONDS));
            } catch (Exception e) {
                throw new AssertionError(method + " " + path + " did not answer within 5 s", e);
            }
        }
        return answers;
    }
}
