package dev.switchboard.cases;

import static dev.switchboard.cases.CaseFixtures.CASES;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real parallel requests: case numbers without gaps or repeats, one winner per claim, one winner per version. */
class CaseConcurrencyTest {

    private static TestServer server;
    private static CaseFixtures fx;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        fx = new CaseFixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void fiftyParallelCreationsGetTheNumbersOneToFifty() throws Exception {
        Account admin = server.register("Parallel Numbers");
        List<Response> created = all(IntStream.range(0, 50).mapToObj(i ->
                send(HttpMethod.POST, CASES, admin, new JsonObject().put("title", "Case " + i), Map.of())).toList(), HttpMethod.POST, CASES);
        created.forEach(r -> assertEquals(201, r.status(), r::toString));
        List<Long> numbers = created.stream().map(r -> r.json().getLong("number")).sorted().toList();
        assertEquals(IntStream.rangeClosed(1, 50).mapToObj(Long::valueOf).toList(), numbers);
        assertEquals(1, fx.count("SELECT count(*) FROM pipelines WHERE tenant_id = ?::uuid", admin.tenantId()),
                "one default pipeline despite the race to create it");
    }

    @Test
    void ofTwoSimultaneousClaimsExactlyOneWins() throws Exception {
        Account admin = server.register("Parallel Claims");
        Account first = server.invite(admin, "agent");
        Account second = server.invite(admin, "agent");
        String queue = fx.createQueue(admin, "Shared", null);
        for (int round = 0; round < 5; round++) {
            String id = fx.createCase(admin, new JsonObject().put("title", "Hot lead " + round).put("ownerQueueId", queue)).getString("id");
            String path = CASES + "/" + id + "/claim";
            List<Response> answers = all(List.of(send(HttpMethod.POST, path, first, null, Map.of()),
                    send(HttpMethod.POST, path, second, null, Map.of())), HttpMethod.POST, path);
            assertEquals(List.of(200, 409), answers.stream().map(Response::status).sorted().toList(), answers::toString);
            String winner = answers.stream().filter(r -> r.status() == 200).findFirst().orElseThrow().json().getString("ownerUserId");
            assertEquals(winner, server.http.get(CASES + "/" + id, admin.accessToken()).json().getString("ownerUserId"));
            assertEquals(List.of("case.created", "case.assigned"), fx.eventTypes(admin.tenantId(), id));
        }
    }

    @Test
    void ofTwoSimultaneousEditsAtOneVersionExactlyOneWins() throws Exception {
        Account admin = server.register("Parallel Edits");
        Account manager = server.invite(admin, "manager");
        String id = fx.createCase(admin, "Contended").getString("id");
        String path = CASES + "/" + id;

        List<Response> byBody = all(List.of(
                send(HttpMethod.PATCH, path, admin, new JsonObject().put("title", "Admin's").put("version", 1), Map.of()),
                send(HttpMethod.PATCH, path, manager, new JsonObject().put("title", "Manager's").put("version", 1), Map.of())),
                HttpMethod.PATCH, path);
        assertEquals(List.of(200, 409), byBody.stream().map(Response::status).sorted().toList(), byBody::toString);

        List<Response> byIfMatch = all(List.of(
                send(HttpMethod.PATCH, path, admin, new JsonObject().put("priority", "high"), Map.of("If-Match", "\"2\"")),
                send(HttpMethod.PATCH, path, manager, new JsonObject().put("priority", "low"), Map.of("If-Match", "\"2\""))),
                HttpMethod.PATCH, path);
        assertEquals(List.of(200, 412), byIfMatch.stream().map(Response::status).sorted().toList(), byIfMatch::toString);

        assertEquals(3, server.http.get(path, admin.accessToken()).json().getInteger("version"));
        assertEquals(List.of("case.created", "case.updated", "case.updated"), fx.eventTypes(admin.tenantId(), id),
                "losing writes publish nothing");
    }

    private static CompletableFuture<Response> send(HttpMethod method, String path, Account caller, JsonObject body,
                                                    Map<String, String> headers) {
        return server.http.sendAsync(method, path, caller.accessToken(), body == null ? null : body.toBuffer(), headers);
    }

    /** Waits for every request (all were in flight together), then checks each answer against the OpenAPI document. */
    private static List<Response> all(List<CompletableFuture<Response>> inFlight, HttpMethod method, String path) throws Exception {
        CompletableFuture.allOf(inFlight.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
        List<Response> out = new ArrayList<>();
        for (CompletableFuture<Response> f : inFlight) {
            out.add(server.http.validated(method, path, f.join()));
        }
        return out;
    }
}
