package dev.switchboard.webhooks.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Meta leads end to end against a local Graph API stub: a signed lead becomes a contact and a case with its
 * campaign ids and a lead.received event; duplicates, failures, dead letters and replays apply it exactly once.
 */
class MetaLeadEffectsTest {

    private static final String APP_SECRET = "meta-app-secret-for-effects";
    private static final MutableClock clock = MutableClock.atNow();
    private static ProviderStub stub;
    private static TestServer server;

    @BeforeAll
    static void start() {
        stub = new ProviderStub();
        server = TestServer.start(Map.of("SWITCHBOARD_WEBHOOKS_META_APP_SECRET", APP_SECRET,
                "SWITCHBOARD_WEBHOOKS_META_VERIFY_TOKEN", "verify", "SWITCHBOARD_WEBHOOKS_META_GRAPH_BASE_URL", stub.graphBaseUrl()), clock);
    }

    @AfterAll
    static void stop() {
        server.close();
        stub.close();
    }

    @Test
    void aSignedLeadBecomesAContactAndACaseWithItsCampaignIds() {
        Account admin = server.register("Lead Effects");
        String page = connectPage(admin);
        String lead = numericId();
        String email = "lead-" + UUID.randomUUID() + "@example.test";
        stub.lead(lead, graphLead(email, "Jane Lead", "cmp-42"));

        assertEquals(200, post(leadgen(page, lead)).status());
        awaitStatus(admin, lead, "processed");

        JsonObject contact = onlyItem(server.http.get("/api/v1/contacts?q=" + email, admin.accessToken()));
        assertEquals("Jane Lead", contact.getString("fullName"));
        assertEquals("+14155552671", contact.getString("phone"));
        assertEquals("Honda", contact.getJsonObject("customFields").getString("car_make"));
        JsonObject kase = onlyItem(server.http.get("/api/v1/cases?contactId=" + contact.getString("id"), admin.accessToken()));
        assertEquals("meta", kase.getString("source"));
        assertEquals(new JsonObject().put("pageId", page).put("formId", "77").put("adId", "88").put("campaignId", "cmp-42"),
                kase.getJsonObject("campaign"));
        List<JsonObject> events = server.events(inboxId(admin, lead));
        assertEquals(1, events.size());
        JsonObject received = events.get(0);
        assertEquals("lead.received", received.getString("type"));
        assertEquals(admin.tenantId(), received.getString("tenantId"));
        JsonObject after = received.getJsonObject("payload").getJsonObject("after");
        assertEquals(contact.getString("id"), after.getString("contactId"));
        assertEquals(kase.getString("id"), after.getString("caseId"));
        assertEquals("case.created", server.events(kase.getString("id")).get(0).getString("type"));
        for (String record : List.of("case/" + kase.getString("id"), "contact/" + contact.getString("id"))) {
            Eventually.await(() -> server.http.get("/api/v1/timeline/" + record, admin.accessToken()).items().stream()
                            .map(JsonObject.class::cast).anyMatch(e -> "Lead received from Meta form 77".equals(e.getString("summary"))),
                    Duration.ofSeconds(10), "the lead on the timeline of " + record);
        }
    }

    @Test
    void aLeadTakesTheDefaultsOfCustomFieldsAndIsNeverRefusedForARequiredOne() {
        Account admin = server.register("Lead Defaults");
        String page = connectPage(admin);
        define(admin, new JsonObject().put("recordType", "contact").put("key", "tier").put("label", "Tier").put("type", "single_select")
                .put("options", new JsonArray().add("gold").add("bronze")).put("required", true).put("default", "bronze"));
        define(admin, new JsonObject().put("recordType", "contact").put("key", "account_no").put("label", "Account").put("type", "text")
                .put("required", true));
        define(admin, new JsonObject().put("recordType", "case").put("key", "budget").put("label", "Budget").put("type", "number")
                .put("required", true).put("default", 100));
        String lead = numericId();
        String email = "defaults-" + UUID.randomUUID() + "@example.test";
        stub.lead(lead, graphLead(email, "Dee Fault", "cmp-9"));

        assertEquals(200, post(leadgen(page, lead)).status());
        awaitStatus(admin, lead, "processed");

        JsonObject contact = onlyItem(server.http.get("/api/v1/contacts?q=" + email, admin.accessToken()));
        assertEquals(new JsonObject().put("car_make", "Honda").put("tier", "bronze"), contact.getJsonObject("customFields"),
                "the default fills in, the lead's own answers stay, the required field without a default is not enforced");
        JsonObject kase = onlyItem(server.http.get("/api/v1/cases?contactId=" + contact.getString("id"), admin.accessToken()));
        assertEquals(new JsonObject().put("budget", 100), kase.getJsonObject("customFields"));
        JsonObject created = server.events(kase.getString("id")).get(0);
        assertEquals(100, created.getJsonObject("payload").getJsonObject("after").getJsonObject("customFields").getInteger("budget"),
                "the event carries the record as stored");
    }

    private static void define(Account admin, JsonObject field) {
        Response r = server.http.post("/api/v1/custom-fields", field, admin.accessToken());
        assertEquals(201, r.status(), r::toString);
    }

    @Test
    void aLeadWhoseEmailIsKnownJoinsTheExistingContact() {
        Account admin = server.register("Lead Match");
        String page = connectPage(admin);
        String email = "known-" + UUID.randomUUID() + "@example.test";
        Response existing = server.http.post("/api/v1/contacts", new JsonObject().put("fullName", "Known Person").put("email", email),
                admin.accessToken());
        assertEquals(201, existing.status(), existing::toString);
        String lead = numericId();
        stub.lead(lead, graphLead(email.toUpperCase(), "Someone Else", "cmp-1"));
        assertEquals(200, post(leadgen(page, lead)).status());
        awaitStatus(admin, lead, "processed");
        JsonObject contact = onlyItem(server.http.get("/api/v1/contacts?q=" + email, admin.accessToken()));
        assertEquals(existing.json().getString("id"), contact.getString("id"));
        assertEquals("Known Person", contact.getString("fullName"));
        assertEquals(1, server.http.get("/api/v1/cases?contactId=" + contact.getString("id"), admin.accessToken()).items().size());
    }

    @Test
    void theSameLeadDeliveredTenTimesFiveAtOnceHasOneEffect() {
        Account admin = server.register("Lead Duplicates");
        String page = connectPage(admin);
        String lead = numericId();
        String email = "dup-" + UUID.randomUUID() + "@example.test";
        stub.lead(lead, graphLead(email, "Dup Lead", "cmp-2"));
        String body = leadgen(page, lead);
        for (int i = 0; i < 5; i++) {
            assertEquals(200, post(body).status());
        }
        List<CompletableFuture<Response>> concurrent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            concurrent.add(server.http.sendAsync(HttpMethod.POST, "/webhooks/meta", null, Buffer.buffer(body), signed(body)));
        }
        concurrent.forEach(f -> assertEquals(200, f.join().status()));
        awaitStatus(admin, lead, "processed");
        String tenant = admin.tenantId();
        assertEquals(1, count("SELECT count(*) FROM webhook_inbox WHERE tenant_id = ?::uuid AND event_id = ?", tenant, lead));
        assertEquals(1, count("SELECT count(*) FROM contacts WHERE tenant_id = ?::uuid AND email = ?", tenant, email));
        assertEquals(1, count("SELECT count(*) FROM cases WHERE tenant_id = ?::uuid AND source = 'meta'", tenant));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE tenant_id = ?::uuid AND type = 'lead.received'", tenant));
    }

    @Test
    void aFailingGraphApiRetriesThenDeadLettersAndAReplayAfterTheFixAppliesOnce() {
        Account admin = server.register("Lead Failures");
        String page = connectPage(admin);
        String lead = numericId();
        stub.lead(lead, graphLead("fail-" + UUID.randomUUID() + "@example.test", "Failing Lead", "cmp-3"));
        stub.failing(true);
        try {
            assertEquals(200, post(leadgen(page, lead)).status());
            for (int attempt = 1; attempt < 5; attempt++) {
                int expected = attempt;
                Eventually.await(() -> event(admin, lead).getInteger("attempts") >= expected, Duration.ofSeconds(20), "attempt " + expected);
                clock.advance(Duration.ofHours(1));
            }
            awaitStatus(admin, lead, "dead");
        } finally {
            stub.failing(false);
        }
        JsonObject dead = event(admin, lead);
        assertEquals(5, dead.getInteger("attempts"));
        assertTrue(dead.getString("lastError").contains("Graph API answered 500"), dead::toString);
        assertEquals(0, count("SELECT count(*) FROM cases WHERE tenant_id = ?::uuid", admin.tenantId()));

        Response replay = server.http.post("/api/v1/webhook-inbox/" + dead.getString("id") + "/replay", new JsonObject(), admin.accessToken());
        assertEquals(200, replay.status(), replay::toString);
        awaitStatus(admin, lead, "processed");
        assertEquals(409, server.http.post("/api/v1/webhook-inbox/" + dead.getString("id") + "/replay", new JsonObject(),
                admin.accessToken()).status());
        assertEquals(1, count("SELECT count(*) FROM cases WHERE tenant_id = ?::uuid", admin.tenantId()));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE tenant_id = ?::uuid AND type = 'lead.received'", admin.tenantId()));
    }

    @Test
    void withoutAPageAccessTokenTheLeadWaitsAsADeadLetterThatSaysWhy() {
        Account admin = server.register("Lead No Token");
        String page = numericId();
        assertEquals(201, server.http.post("/api/v1/meta-pages", new JsonObject().put("pageId", page), admin.accessToken()).status());
        String lead = numericId();
        assertEquals(200, post(leadgen(page, lead)).status());
        awaitStatus(admin, lead, "dead");
        assertTrue(event(admin, lead).getString("lastError").contains("metaPageAccessToken"));
        assertEquals(0, count("SELECT count(*) FROM cases WHERE tenant_id = ?::uuid", admin.tenantId()));
    }

    static JsonObject graphLead(String email, String name, String campaignId) {
        return new JsonObject().put("created_time", "2026-11-22T05:00:00+0000").put("ad_id", "88").put("form_id", "77")
                .put("campaign_id", campaignId)
                .put("field_data", new JsonArray()
                        .add(new JsonObject().put("name", "full_name").put("values", new JsonArray().add(name)))
                        .add(new JsonObject().put("name", "email").put("values", new JsonArray().add(email)))
                        .add(new JsonObject().put("name", "phone_number").put("values", new JsonArray().add("+1 415 555 2671")))
                        .add(new JsonObject().put("name", "car_make").put("values", new JsonArray().add("Honda"))));
    }

    private static String connectPage(Account admin) {
        String page = numericId();
        assertEquals(201, server.http.post("/api/v1/meta-pages", new JsonObject().put("pageId", page), admin.accessToken()).status());
        Response set = server.http.patch("/api/v1/integrations", new JsonObject().put("metaPageAccessToken", ProviderStub.PAGE_TOKEN)
                .put("version", 0), admin.accessToken());
        assertEquals(200, set.status(), set::toString);
        return page;
    }

    static String leadgen(String page, String lead) {
        return "{\"object\":\"page\",\"entry\":[{\"id\":\"" + page + "\",\"time\":1700000000,\"changes\":[{\"field\":\"leadgen\","
                + "\"value\":{\"leadgen_id\":\"" + lead + "\",\"page_id\":\"" + page + "\",\"form_id\":\"77\",\"ad_id\":\"88\","
                + "\"adgroup_id\":\"88\",\"created_time\":1700000000}}]}]}";
    }

    static String numericId() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000_000L));
    }

    private static Map<String, String> signed(String body) {
        return Map.of("X-Hub-Signature-256", MetaSignature.sign(APP_SECRET, body.getBytes(StandardCharsets.UTF_8)));
    }

    private static Response post(String body) {
        return server.http.send(HttpMethod.POST, "/webhooks/meta", null, Buffer.buffer(body), signed(body));
    }

    private static JsonObject event(Account admin, String eventId) {
        for (Object o : server.http.get("/api/v1/webhook-inbox?provider=meta&limit=100", admin.accessToken()).items()) {
            if (eventId.equals(((JsonObject) o).getString("eventId"))) {
                return (JsonObject) o;
            }
        }
        return new JsonObject().put("attempts", 0);
    }

    private static String inboxId(Account admin, String eventId) {
        return event(admin, eventId).getString("id");
    }

    private static void awaitStatus(Account admin, String eventId, String status) {
        Eventually.await(() -> status.equals(event(admin, eventId).getString("status")), Duration.ofSeconds(20), "event " + status);
    }

    private static JsonObject onlyItem(Response r) {
        assertEquals(200, r.status(), r::toString);
        assertEquals(1, r.items().size(), r::toString);
        return r.items().getJsonObject(0);
    }

    private static long count(String sql, Object... params) {
        return TestDatabase.queryLong(server.db, sql, params);
    }
}
