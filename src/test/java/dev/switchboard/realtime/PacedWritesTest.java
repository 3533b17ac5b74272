package dev.switchboard.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A socket written to moments ago waits for the flush interval before its next write to the kernel: frames sent
 * to it meanwhile are held, then all go out, in the order they were sent, with nothing lost.
 */
class PacedWritesTest {

    private static final String PUBLISH = "/api/v1/realtime/publish";
    private static final int FRAMES = 40;

    private static TestServer server;
    private static Vertx clients;

    @BeforeAll
    static void start() {
        // a long interval, so that nearly every frame after the first waits for the paced flush
        server = TestServer.start(Map.of(
                "SWITCHBOARD_REALTIME_FLUSH_INTERVAL", "400ms",
                "SWITCHBOARD_REALTIME_PUBLISHES_PER_SECOND", "1000"));
        clients = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        WsClient.await(clients.close());
        server.close();
    }

    @Test
    void framesHeldForTheIntervalAllArriveInTheOrderTheyWereSent() {
        Account admin = server.register("Paced Writes");
        Account agent = server.invite(admin, "agent");
        try (WsClient busy = WsClient.welcomed(clients, server.port, agent.accessToken()).subscribe("org");
             WsClient other = WsClient.welcomed(clients, server.port, admin.accessToken()).subscribe("org")) {
            for (int n = 0; n < FRAMES; n++) {
                int status = server.http.post(PUBLISH, new JsonObject().put("channel", "org").put("event", "tick")
                        .put("data", new JsonObject().put("n", n)), admin.accessToken()).status();
                assertEquals(202, status);
            }
            List<Integer> expected = IntStream.range(0, FRAMES).boxed().toList();
            assertEquals(expected, ticks(busy));
            assertEquals(expected, ticks(other));
        }
    }

    private static List<Integer> ticks(WsClient client) {
        List<Integer> seen = new ArrayList<>();
        while (seen.size() < FRAMES) {
            JsonObject frame = client.await(f -> "broadcast".equals(f.getString("type")) && "tick".equals(f.getString("event")), 10);
            seen.add(frame.getJsonObject("data").getInteger("n"));
        }
        return seen;
    }
}
