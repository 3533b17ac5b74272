package dev.switchboard.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The REST mix of a working day, open model without think time: each arriving user logs in, lists cases,
 * opens one and its timeline, creates a task on it, posts an internal note to a conversation and moves the
 * case one stage on. Users are the generated managers and agents.
 *
 * <p>{@code mvn -f load-tests/pom.xml gatling:test -Dgatling.simulationClass=dev.switchboard.load.RestMix
 * -DbaseUrl=http://localhost:8080 -Drate=5 -Dramp=10 -Dduration=60 -Dtenants=10 -Dp99Ms=500 -DmaxErrorPct=1}
 */
public class RestMix extends Simulation {

    /** The next stage a case moves to in the default pipeline; handoffs have their own actions and are left alone. */
    private static final Map<String, String> NEXT_STAGE = Map.of("new", "qualified", "qualified", "pending_handoff",
            "accepted", "in_progress", "in_progress", "closed");

    private final double rate = LoadParameters.number("rate", 5);
    private final int ramp = LoadParameters.integer("ramp", 10);
    private final int duration = LoadParameters.integer("duration", 60);

    private final HttpProtocolBuilder protocol = http.baseUrl(LoadParameters.baseUrl())
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .shareConnections();

    private final ChainBuilder login = exec(http("login").post("/api/v1/auth/login")
            .body(StringBody("{\"email\":\"#{email}\",\"password\":\"#{password}\"}"))
            .check(status().is(200), jsonPath("$.accessToken").saveAs("token")));

    private final ChainBuilder listAndOpen = exec(http("list cases").get("/api/v1/cases?limit=20")
            .header("Authorization", "Bearer #{token}")
            .check(status().is(200), jsonPath("$.items[*].id").findRandom().optional().saveAs("caseId")))
            .doIf(session -> session.contains("caseId")).then(
                    exec(http("open case").get("/api/v1/cases/#{caseId}")
                            .header("Authorization", "Bearer #{token}")
                            .check(status().is(200), jsonPath("$.stage").saveAs("stage")))
                    .exec(http("case timeline").get("/api/v1/timeline/case/#{caseId}")
                            .header("Authorization", "Bearer #{token}")
                            .check(status().is(200)))
                    .exec(http("create task").post("/api/v1/tasks")
                            .header("Authorization", "Bearer #{token}")
                            .body(StringBody("{\"title\":\"Follow up #{caseId}\",\"caseId\":\"#{caseId}\",\"priority\":\"normal\"}"))
                            .check(status().is(201))));

    private final ChainBuilder message = exec(http("list conversations").get("/api/v1/conversations?limit=20")
            .header("Authorization", "Bearer #{token}")
            .check(status().is(200), jsonPath("$.items[*].id").findRandom().optional().saveAs("conversationId")))
            .doIf(session -> session.contains("conversationId")).then(
                    exec(http("post message").post("/api/v1/conversations/#{conversationId}/messages")
                            .header("Authorization", "Bearer #{token}")
                            .body(StringBody("{\"direction\":\"internal_note\",\"body\":\"Checked by load test\"}"))
                            .check(status().is(201))));

    private final ChainBuilder moveStage = exec(session -> session.set("nextStage", NEXT_STAGE.getOrDefault(session.getString("stage"), "")))
            .doIf(session -> session.contains("caseId") && !session.getString("nextStage").isEmpty()).then(
                    exec(http("update case stage").post("/api/v1/cases/#{caseId}/status")
                            .header("Authorization", "Bearer #{token}")
                            .body(StringBody("{\"stage\":\"#{nextStage}\",\"reason\":\"load test\"}"))
                            // another user may have moved the case since it was read: the server then answers 409 or
                            // 422 (the move is no longer allowed from the new stage), which is correct, not an error
                            .check(status().in(200, 409, 422))));

    private final ScenarioBuilder mix = scenario("RestMix")
            .feed(listFeeder(LoadParameters.users(Set.of("manager", "agent"))).circular())
            .exec(login, listAndOpen, message, moveStage);

    {
        setUp(mix.injectOpen(
                rampUsersPerSec(1).to(rate).during(Duration.ofSeconds(ramp)),
                constantUsersPerSec(rate).during(Duration.ofSeconds(duration))))
                .protocols(protocol)
                .assertions(
                        global().responseTime().percentile(99.0).lt(LoadParameters.integer("p99Ms", 500)),
                        global().failedRequests().percent().lt(LoadParameters.number("maxErrorPct", 1.0)));
    }
}
