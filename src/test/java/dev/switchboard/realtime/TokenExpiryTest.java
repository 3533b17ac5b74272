package dev.switchboard.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A socket lives as long as its access token, and a renewed token keeps it open. */
class TokenExpiryTest {

    private static TestServer server;
    private static Vertx clients;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("SWITCHBOARD_AUTH_ACCESS_TOKEN_TTL", "4s"));
        clients = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        WsClient.await(clients.close());
        server.close();
    }

    @Test
    void closesWhenTheTokenExpiresUnlessRenewed() throws Exception {
        Account admin = server.register("Expiry");
        try (WsClient renewing = WsClient.welcomed(clients, server.port, RealtimeEvents.login(server, admin));
             WsClient lapsing = WsClient.welcomed(clients, server.port, RealtimeEvents.login(server, admin))) {
            Thread.sleep(1500);
            renewing.send(new JsonObject().put("type", "auth").put("token", RealtimeEvents.login(server, admin)));
            assertEquals(true, renewing.await("welcome").getBoolean("renewed"));
            assertEquals("unauthorized", lapsing.await(f -> "error".equals(f.getString("type")), 10).getString("code"));
            lapsing.assertClosedWith(CloseCodes.TOKEN_EXPIRED, 10);
            renewing.send(new JsonObject().put("type", "ping"));
            renewing.await("pong");
            renewing.assertClosedWith(CloseCodes.TOKEN_EXPIRED, 10);
        }
    }
}
