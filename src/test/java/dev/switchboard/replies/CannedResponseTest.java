package dev.switchboard.replies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.contacts.ContactFixtures;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Canned responses: organization ones written by managers, personal ones seen only by their owner, short codes unique
 * per scope, search by short code prefix and words, and rendering for a conversation the caller may read.
 */
class CannedResponseTest {

    private static final String CANNED = "/api/v1/canned-responses";

    private static TestServer server;
    private static ContactFixtures fx;
    private static Account admin;
    private static Account manager;
    private static Account agent;
    private static Account otherAgent;
    private static Account viewer;
    private static Account otherOrg;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        fx = new ContactFixtures(server);
        admin = server.register("Canned");
        manager = server.invite(admin, "manager");
        agent = server.invite(admin, "agent");
        otherAgent = server.invite(admin, "agent");
        viewer = server.invite(admin, "viewer");
        otherOrg = server.register("Canned Elsewhere");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void managersWriteOrganizationResponsesAndEveryoneOnStaffReadsThem() throws Exception {
        Response refused = create(agent, "organization", "refund", "Refund policy", "We refund within 30 days.");
        assertEquals(403, refused.status(), refused::toString);
        Response created = create(manager, "organization", "Refund", "Refund policy", "We refund within 30 days.");
        assertEquals(201, created.status(), created::toString);
        String id = created.json().getString("id");
        assertEquals("refund", created.json().getString("shortCode"), "short codes are kept in lower case");
        assertEquals("organization", created.json().getString("scope"));
        for (Account reader : List.of(admin, manager, agent, viewer)) {
            assertEquals(200, server.http.get(CANNED + "/" + id, reader.accessToken()).status());
        }
        assertEquals(404, server.http.get(CANNED + "/" + id, otherOrg.accessToken()).status());
        assertEquals(403, server.http.patch(CANNED + "/" + id, new JsonObject().put("name", "Mine now"), agent.accessToken()).status());
        Response renamed = server.http.patch(CANNED + "/" + id, new JsonObject().put("name", "Refunds").put("version", 1), admin.accessToken());
        assertEquals(200, renamed.status(), renamed::toString);
        assertEquals(409, server.http.patch(CANNED + "/" + id, new JsonObject().put("name", "Stale").put("version", 1),
                admin.accessToken()).status());
        assertEquals(409, create(admin, "organization", "REFUND", "Again", "Same code").status(), "codes are unique per scope");
        assertEquals(201, create(agent, "personal", "refund", "My refund", "Sure, refunded.").status(), "a personal scope has its own codes");
        assertEquals(List.of("canned_response.created", "canned_response.updated"), fx.eventTypes(id));
        assertEquals(403, server.http.delete(CANNED + "/" + id, agent.accessToken()).status());
        assertEquals(204, server.http.delete(CANNED + "/" + id, manager.accessToken()).status());
        assertEquals(404, server.http.get(CANNED + "/" + id, admin.accessToken()).status());
    }

    @Test
    void personalResponsesExistOnlyForTheirOwner() {
        String mine = create(agent, null, "sig", "Signature", "Best, Agent").json().getString("id");
        assertEquals(200, server.http.get(CANNED + "/" + mine, agent.accessToken()).status());
        for (Account other : List.of(otherAgent, admin, otherOrg)) {
            assertEquals(404, server.http.get(CANNED + "/" + mine, other.accessToken()).status());
            assertEquals(404, server.http.delete(CANNED + "/" + mine, other.accessToken()).status());
            assertTrue(server.http.get(CANNED + "?q=sig", other.accessToken()).items().stream()
                    .noneMatch(r -> ((JsonObject) r).getString("id").equals(mine)));
        }
        assertEquals(403, create(viewer, "personal", "hi", "Hi", "Hi").status(), "viewers do not reply");
        Account customer = fx.customer(admin, null);
        assertEquals(403, server.http.get(CANNED, customer.accessToken()).status());
        assertEquals(200, server.http.patch(CANNED + "/" + mine, new JsonObject().put("body", "Cheers, Agent"), agent.accessToken()).status());
        assertEquals(204, server.http.delete(CANNED + "/" + mine, agent.accessToken()).status());
    }

    @Test
    void searchMatchesShortCodePrefixesAndWordsOfNameAndBody() {
        String ship = create(manager, "organization", "shipping-eu", "Shipping to Europe", "Parcels reach Europe in 3 days.").json().getString("id");
        String delay = create(manager, "organization", "late", "Delayed order", "Sorry, your parcel is delayed.").json().getString("id");
        String other = create(manager, "organization", "hello", "Greeting", "Hello there!").json().getString("id");
        assertEquals(Set.of(ship), found("ship"));
        assertEquals(Set.of(ship, delay), found("parcel"));
        assertEquals(Set.of(delay), found("DELAY"));
        assertEquals(Set.of(ship), found("europe reach"));
        assertEquals(Set.of(), found("%"));
        String coded = create(manager, "organization", "x1y", "Alpha", "Beta").json().getString("id");
        assertEquals(Set.of(coded), found("x1"));
        assertEquals(Set.of(), found("x_y"), "underscore is not a wildcard");
        assertTrue(found("").containsAll(Set.of(ship, delay, other)));
        Response badScope = server.http.get(CANNED + "?scope=everyone", agent.accessToken());
        assertEquals(400, badScope.status(), badScope::toString);
    }

    @Test
    void renderFillsVariablesFromAReadableConversationAndEscapesThem() {
        String contact = fx.createContact(admin, new JsonObject().put("firstName", "<b>Zoë</b>").put("lastName", "Quinn")
                .put("email", "zoe-" + UUID.randomUUID() + "@example.test")).getString("id");
        Response conversation = server.http.post("/api/v1/conversations", new JsonObject().put("channel", "email")
                .put("subject", "Order 42").put("contactId", contact), admin.accessToken());
        assertEquals(201, conversation.status(), conversation::toString);
        String conversationId = conversation.json().getString("id");
        String id = create(manager, "organization", "greet", "Greeting", "Hi {{contact.firstName}}, about {{conversation.subject}}.")
                .json().getString("id");
        Response rendered = server.http.post(CANNED + "/" + id + "/render", new JsonObject().put("conversationId", conversationId),
                admin.accessToken());
        assertEquals(200, rendered.status(), rendered::toString);
        assertEquals("Hi &lt;b&gt;Zoë&lt;/b&gt;, about Order 42.", rendered.json().getString("body"));
        Response byContact = server.http.post(CANNED + "/" + id + "/render", new JsonObject().put("contactId", contact), admin.accessToken());
        assertEquals("Hi &lt;b&gt;Zoë&lt;/b&gt;, about .", byContact.json().getString("body"));

        // an agent who cannot read the conversation, and another organization's conversation, are refused
        Response hidden = server.http.post(CANNED + "/" + id + "/render", new JsonObject().put("conversationId", conversationId),
                otherAgent.accessToken());
        assertEquals(422, hidden.status(), hidden::toString);
        assertEquals(List.of("conversationId"), ContactFixtures.fields(hidden));
        Response foreignContact = server.http.post(CANNED + "/" + id + "/render", new JsonObject().put("contactId",
                fx.contact(otherOrg, "Foreign Person")), admin.accessToken());
        assertEquals(422, foreignContact.status(), foreignContact::toString);
        assertEquals(404, server.http.post(CANNED + "/" + id + "/render", new JsonObject(), otherOrg.accessToken()).status());
    }

    @Test
    void aBrokenTemplateIsRefusedWithItsField() {
        Response broken = create(manager, "organization", "broken", "Broken", "Hi {{#contact}} never closed");
        assertEquals(400, broken.status(), broken::toString);
        assertEquals(List.of("body"), ContactFixtures.fields(broken));
        Response invalid = server.http.post(CANNED, new JsonObject().put("shortCode", "has space").put("name", "").put("body", "x"),
                agent.accessToken());
        assertEquals(400, invalid.status(), invalid::toString);
        assertEquals(Set.of("shortCode", "name"), Set.copyOf(ContactFixtures.fields(invalid)));
    }

    private static Set<String> found(String q) {
        Response r = server.http.get(CANNED + "?scope=organization&limit=100&q=" + java.net.URLEncoder.encode(q,
                java.nio.charset.StandardCharsets.UTF_8), agent.accessToken());
        assertEquals(200, r.status(), r::toString);
        return r.items().stream().map(o -> ((JsonObject) o).getString("id")).collect(java.util.stream.Collectors.toSet());
    }

    private static Response create(Account by, String scope, String code, String name, String body) {
        JsonObject json = new JsonObject().put("shortCode", code).put("name", name).put("body", body);
        if (scope != null) {
            json.put("scope", scope);
        }
        return server.http.post(CANNED, json, by.accessToken());
    }
}
