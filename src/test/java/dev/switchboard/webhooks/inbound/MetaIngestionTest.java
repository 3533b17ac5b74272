package dev.switchboard.webhooks.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Meta Lead Ads: the subscription handshake, {@code X-Hub-Signature-256} over the raw bytes, one stored lead
 * per {@code leadgen_id}, and leads of unknown pages kept as unroutable yet answered 200.
 */
class MetaIngestionTest {

    private static final String APP_SECRET = "meta-app-secret-for-tests";
    private static final String VERIFY_TOKEN = "verify-token-for-tests";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("SWITCHBOARD_WEBHOOKS_META_APP_SECRET", APP_SECRET,
                "SWITCHBOARD_WEBHOOKS_META_VERIFY_TOKEN", VERIFY_TOKEN));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theSubscriptionHandshakeAnswersTheChallengeOnlyForTheVerifyToken() {
        Response ok = get("/webhooks/meta?hub.mode=subscribe&hub.verify_token=" + VERIFY_TOKEN + "&hub.challenge=1158201444");
        assertEquals(200, ok.status(), ok::toString);
        assertEquals("1158201444", ok.body().toString());
        Response wrong = get("/webhooks/meta?hub.mode=subscribe&hub.verify_token=ECHO-CANARY&hub.challenge=1158201444");
        assertEquals(403, wrong.status());
        assertFalse(wrong.body().toString().contains("1158201444"));
        assertEquals(400, get("/webhooks/meta?hub.mode=unsubscribe&hub.verify_token=" + VERIFY_TOKEN + "&hub.challenge=1").status());
    }

    @Test
    void aLeadOfAConnectedPageIsStoredOnceForItsOrganization() {
        Account admin = server.register("Meta Leads");
        Account other = server.register("Meta Other");
        String page = numericId();
        Response added = server.http.post("/api/v1/meta-pages", new JsonObject().put("pageId", page), admin.accessToken());
        assertEquals(201, added.status(), added::toString);
        assertEquals(409, server.http.post("/api/v1/meta-pages", new JsonObject().put("pageId", page), other.accessToken()).status());
        String lead = numericId();
        String body = leadgen(page, lead);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, post(body, MetaSignature.sign(APP_SECRET, body.getBytes(StandardCharsets.UTF_8))).status());
        }
        assertEquals(1, TestDatabase.queryLong(server.db,
                "SELECT count(*) FROM webhook_inbox WHERE provider = 'meta' AND event_id = ? AND tenant_id = ?::uuid", lead, admin.tenantId()));
        assertEquals(1, server.http.get("/api/v1/webhook-inbox?provider=meta", admin.accessToken()).items().size());
        assertTrue(server.http.get("/api/v1/webhook-inbox?provider=meta", other.accessToken()).items().isEmpty());
        assertTrue(server.http.get("/api/v1/meta-pages", other.accessToken()).items().isEmpty());
        assertEquals(404, server.http.delete("/api/v1/meta-pages/" + added.json().getString("id"), other.accessToken()).status());
    }

    @Test
    void aLeadOfAnUnknownPageIsKeptAsUnroutableAndAnswered200() {
        String lead = numericId();
        String body = leadgen(numericId(), lead);
        assertEquals(200, post(body, MetaSignature.sign(APP_SECRET, body.getBytes(StandardCharsets.UTF_8))).status());
        assertEquals(200, post(body, MetaSignature.sign(APP_SECRET, body.getBytes(StandardCharsets.UTF_8))).status());
        assertEquals(1, TestDatabase.queryLong(server.db,
                "SELECT count(*) FROM webhook_inbox WHERE provider = 'meta' AND event_id = ? AND tenant_id IS NULL AND status = 'unroutable'", lead));
    }

    @Test
    void aNotificationOfManyLeadsIsAnsweredAtOnceAndStoredALeadAtATime() {
        Account admin = server.register("Meta Many Leads");
        String page = numericId();
        assertEquals(201, server.http.post("/api/v1/meta-pages", new JsonObject().put("pageId", page), admin.accessToken()).status());
        String unknownPage = numericId();
        // more changes than the database pool lets wait at once: one lookup each used to answer 503, every time
        StringBuilder changes = new StringBuilder();
        for (int i = 0; i < 1_230; i++) {
            String on = i < 30 ? page : unknownPage;
            changes.append(i == 0 ? "" : ",").append("{\"field\":\"leadgen\",\"value\":{\"leadgen_id\":\"").append(9_100_000_000L + i)
                    .append("\",\"page_id\":\"").append(on).append("\",\"form_id\":\"77\",\"created_time\":1700000000}}");
        }
        String body = "{\"object\":\"page\",\"entry\":[{\"id\":\"" + unknownPage + "\",\"time\":1700000000,\"changes\":[" + changes + "]}]}";
        Response r = post(body, MetaSignature.sign(APP_SECRET, body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(200, r.status(), r::toString);

        assertEquals(30, TestDatabase.queryLong(server.db,
                "SELECT count(*) FROM webhook_inbox WHERE provider = 'meta' AND tenant_id = ?::uuid", admin.tenantId()));
        assertEquals(1_200, TestDatabase.queryLong(server.db, "SELECT count(*) FROM webhook_inbox WHERE provider = 'meta'"
                + " AND tenant_id IS NULL AND status = 'unroutable' AND event_id BETWEEN '9100000030' AND '9100001229'"));
        // each row holds its own lead only, without the signature of the whole notification it no longer matches
        assertEquals(1_230, TestDatabase.queryLong(server.db, "SELECT count(*) FROM webhook_inbox WHERE provider = 'meta'"
                + " AND event_id BETWEEN '9100000000' AND '9100001229' AND octet_length(body) < 400"
                + " AND convert_from(body, 'UTF8')::jsonb #>> '{entry,0,changes,0,value,leadgen_id}' = event_id"
                + " AND jsonb_array_length(convert_from(body, 'UTF8')::jsonb #> '{entry,0,changes}') = 1"
                + " AND headers -> 'x-hub-signature-256' IS NULL"));
    }

    @Test
    void badSignaturesAndMalformedBodiesAreRefused() {
        String lead = numericId();
        String body = leadgen(numericId(), lead);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertEquals(401, post(body, MetaSignature.sign("another secret", bytes)).status());
        assertEquals(401, post(body, null).status());
        assertEquals(401, post(body, "sha1=" + MetaSignature.sign(APP_SECRET, bytes).substring(7)).status());
        assertEquals(401, post(body.replace("leadgen_id", "leadgen_id "), MetaSignature.sign(APP_SECRET, bytes)).status());
        Response echo = post("{\"object\":\"ECHO-CANARY\"}", "sha256=00");
        assertEquals(401, echo.status());
        assertFalse(echo.body().toString().contains("ECHO-CANARY"));
        String notLeads = "{\"object\":\"ECHO-CANARY\",\"entry\":[]}";
        Response malformed = post(notLeads, MetaSignature.sign(APP_SECRET, notLeads.getBytes(StandardCharsets.UTF_8)));
        assertEquals(400, malformed.status());
        assertFalse(malformed.body().toString().contains("ECHO-CANARY"));
        String notJson = "not json";
        assertEquals(400, post(notJson, MetaSignature.sign(APP_SECRET, notJson.getBytes(StandardCharsets.UTF_8))).status());
        assertEquals(0, TestDatabase.queryLong(server.db, "SELECT count(*) FROM webhook_inbox WHERE event_id = ?", lead));
    }

    private static String leadgen(String page, String lead) {
        return "{\"object\":\"page\",\"entry\":[{\"id\":\"" + page + "\",\"time\":1700000000,\"changes\":[{\"field\":\"leadgen\","
                + "\"value\":{\"leadgen_id\":\"" + lead + "\",\"page_id\":\"" + page + "\",\"form_id\":\"77\",\"ad_id\":\"88\","
                + "\"adgroup_id\":\"99\",\"created_time\":1700000000}}]}]}";
    }

    private static String numericId() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000_000L));
    }

    private static Response get(String path) {
        return server.http.send(HttpMethod.GET, path, null, null, Map.of());
    }

    private static Response post(String body, String signature) {
        return server.http.send(HttpMethod.POST, "/webhooks/meta", null, Buffer.buffer(body),
                signature == null ? Map.of() : Map.of("X-Hub-Signature-256", signature));
    }
}
