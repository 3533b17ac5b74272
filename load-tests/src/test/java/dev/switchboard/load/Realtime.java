package dev.switchboard.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.substring;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.Set;

/**
 * Realtime delivery under write load: N clients log in, open {@code /ws} with their bearer token, wait for
 * {@code welcome}, subscribe to their organization's channel and then, in a loop, create a task over REST
 * and wait for its {@code task.created} event on the socket. "task event arrival" is the time from the
 * REST answer to the event frame (the frame is recognised by the new task's id); meanwhile every other
 * client of the organization receives the same event, so N clients make an N-fold fan-out.
 *
 * <p>{@code mvn -f load-tests/pom.xml gatling:test -Dgatling.simulationClass=dev.switchboard.load.Realtime
 * -DbaseUrl=http://localhost:8080 -Dclients=100 -Dramp=20 -Dduration=60 -Dtenants=10 -Dp99Ms=1000 -DmaxErrorPct=1
 * -Dorigin=http://localhost:5173}; the origin must be one of the server's {@code http.corsOrigins}.
 */
public class Realtime extends Simulation {

    private final int clients = LoadParameters.integer("clients", 100);
    private final int ramp = LoadParameters.integer("ramp", 20);
    private final int duration = LoadParameters.integer("duration", 60);
    private final int eventTimeout = LoadParameters.integer("eventTimeoutSeconds", 10);
    private final String origin = LoadParameters.string("origin", "http://localhost:5173");

    private final HttpProtocolBuilder protocol = http.baseUrl(LoadParameters.baseUrl())
            .wsBaseUrl(LoadParameters.baseUrl().replaceFirst("^http", "ws"))
            .acceptHeader("application/json")
            .contentTypeHeader("application/json");

    private final ScenarioBuilder listeners = scenario("Realtime")
            .feed(listFeeder(LoadParameters.users(Set.of("manager", "agent"))).circular())
            .exec(http("login").post("/api/v1/auth/login")
                    .body(StringBody("{\"email\":\"#{email}\",\"password\":\"#{password}\"}"))
                    .check(status().is(200), jsonPath("$.accessToken").saveAs("token")))
            // the WebSocket client sends an Origin, which the server checks against its CORS origins
            .exec(ws("connect").connect("/ws").header("Authorization", "Bearer #{token}").header("Origin", origin)
                    .await(10).on(ws.checkTextMessage("welcome").check(substring("\"welcome\""))))
            .exec(ws("subscribe org").sendText("{\"type\":\"subscribe\",\"channel\":\"org\"}")
                    .await(10).on(ws.checkTextMessage("subscribed").check(substring("\"org\""))))
            .during(Duration.ofSeconds(duration)).on(
                    exec(http("create task").post("/api/v1/tasks")
                            .header("Authorization", "Bearer #{token}")
                            .body(StringBody("{\"title\":\"Realtime probe\",\"priority\":\"normal\"}"))
                            .check(status().is(201), jsonPath("$.id").saveAs("taskId")))
                    .exec(ws("await task event").sendText("{\"type\":\"ping\"}")
                            .await(eventTimeout).on(ws.checkTextMessage("task event arrival").matching(substring("#{taskId}"))
                                    .check(substring("task.created")))))
            .exec(ws("close").close());

    {
        setUp(listeners.injectOpen(rampUsers(clients).during(Duration.ofSeconds(ramp))))
                .protocols(protocol)
                .assertions(
                        details("task event arrival").responseTime().percentile(99.0).lt(LoadParameters.integer("p99Ms", 1000)),
                        global().failedRequests().percent().lt(LoadParameters.number("maxErrorPct", 1.0)));
    }
}
