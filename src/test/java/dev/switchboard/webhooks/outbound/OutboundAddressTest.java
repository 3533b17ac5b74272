package dev.switchboard.webhooks.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Without an allow-list the server refuses webhook endpoints inside the network it runs in: loopback, private,
 * link-local (the cloud metadata address) and unique-local addresses, by name or literal, answer 422 naming
 * {@code url} and store nothing; public addresses are accepted.
 */
class OutboundAddressTest {

    private static final String ENDPOINTS = "/api/v1/webhook-endpoints";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("SWITCHBOARD_OUTBOUND_ALLOW_PRIVATE", ""));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void refusesEndpointsThatPointInsideTheNetwork() {
        Account admin = server.register("Outbound Opticians");
        List<String> internal = List.of("http://127.0.0.1:9/hook", "http://localhost:8080/hook", "http://[::1]/hook",
                "http://169.254.169.254/latest/meta-data", "http://10.1.2.3/hook", "https://192.168.0.10/hook",
                "http://172.16.5.4/hook", "http://0.0.0.0:8080/hook", "http://[fd00:ec2::254]/latest", "http://100.64.0.1/hook",
                "http://[::ffff:127.0.0.1]/hook");
        for (String url : internal) {
            Response r = server.http.post(ENDPOINTS, endpoint(url), admin.accessToken());
            assertEquals(422, r.status(), () -> url + " -> " + r);
            assertEquals("application/problem+json", r.contentType());
            assertEquals("url", r.json().getJsonArray("errors").getJsonObject(0).getString("field"), r::toString);
        }
        assertEquals(0, TestDatabase.queryLong(server.db, "SELECT count(*) FROM webhook_endpoints WHERE tenant_id = ?::uuid",
                admin.tenantId()));

        Response published = server.http.post(ENDPOINTS, endpoint("https://93.184.215.14/hook"), admin.accessToken());
        assertEquals(201, published.status(), published::toString);
        String id = published.json().getString("id");
        Response moved = server.http.send(io.vertx.core.http.HttpMethod.PATCH, ENDPOINTS + "/" + id, admin.accessToken(),
                endpoint("http://127.0.0.1:9/hook").put("version", published.json().getInteger("version")).toBuffer(), Map.of());
        assertEquals(422, moved.status(), moved::toString);
        assertEquals("https://93.184.215.14/hook", server.http.get(ENDPOINTS + "/" + id, admin.accessToken()).json().getString("url"));
    }

    private static JsonObject endpoint(String url) {
        return new JsonObject().put("url", url).put("eventTypes", new JsonArray().add("case.created"));
    }
}
