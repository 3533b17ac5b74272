package dev.switchboard.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/labels}: managed labels, applied to contacts, cases and conversations, and the lists filtered by them. */
class LabelEndpointTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void createsRenamesAndDeletesALabelWithUniqueNamesWhateverTheirCase() {
        Account admin = server.register("Label Lifecycle");
        JsonObject created = create(admin, "Urgent", "#FF0000");
        assertEquals("#ff0000", created.getString("color"), "stored lower case");
        assertEquals(1, created.getInteger("version"));

        Response taken = server.http.post("/api/v1/labels", new JsonObject().put("name", "urgent").put("color", "#00ff00"), admin.accessToken());
        assertEquals(409, taken.status(), taken::toString);

        Response renamed = server.http.patch("/api/v1/labels/" + created.getString("id"), new JsonObject().put("name", "Very urgent")
                .put("version", 1), admin.accessToken());
        assertEquals(200, renamed.status(), renamed::toString);
        assertEquals("Very urgent", renamed.json().getString("name"));
        assertEquals("#ff0000", renamed.json().getString("color"), "a field left out keeps its value");

        Response stale = server.http.patch("/api/v1/labels/" + created.getString("id"), new JsonObject().put("name", "Again")
                .put("version", 1), admin.accessToken());
        assertEquals(409, stale.status(), stale::toString);

        JsonArray found = server.http.get("/api/v1/labels?q=VERY", admin.accessToken()).items();
        assertEquals(1, found.size());

        assertEquals(204, server.http.delete("/api/v1/labels/" + created.getString("id"), admin.accessToken()).status());
        assertEquals(404, server.http.get("/api/v1/labels/" + created.getString("id"), admin.accessToken()).status());
        assertEquals(List.of("label.created", "label.updated", "label.deleted"), types(created.getString("id")));
    }

    @Test
    void refusesAnInvalidLabelListingEveryField() {
        Account admin = server.register("Label Validation");
        Response bad = server.http.post("/api/v1/labels", new JsonObject().put("name", " ").put("color", "red")
                .put("description", "x".repeat(501)), admin.accessToken());
        assertEquals(400, bad.status(), bad::toString);
        Set<String> fields = bad.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field"))
                .collect(Collectors.toSet());
        assertEquals(Set.of("name", "color", "description"), fields);
        assertEquals(0, server.http.get("/api/v1/labels", admin.accessToken()).items().size(), "nothing written");
    }

    @Test
    void onlyManagersAndAdminsManageLabelsWhileStaffReadThem() {
        Account admin = server.register("Label Roles");
        Account manager = server.invite(admin, "manager");
        Account agent = server.invite(admin, "agent");
        Account viewer = server.invite(admin, "viewer");
        assertEquals(201, server.http.post("/api/v1/labels", new JsonObject().put("name", "By manager").put("color", "#123456"),
                manager.accessToken()).status());
        for (Account refused : List.of(agent, viewer)) {
            Response r = server.http.post("/api/v1/labels", new JsonObject().put("name", "Nope").put("color", "#123456"), refused.accessToken());
            assertEquals(403, r.status(), r::toString);
            assertEquals(1, server.http.get("/api/v1/labels", refused.accessToken()).items().size());
        }
        Account customer = server.invite(admin, "customer");
        UUID own = server.linkCustomer(admin, customer);
        assertEquals(403, server.http.get("/api/v1/labels", customer.accessToken()).status());
        assertEquals(403, server.http.get("/api/v1/contacts/" + own + "/labels", customer.accessToken()).status(),
                "labels are staff metadata, even on the customer's own contact");
        String label = server.http.get("/api/v1/labels", admin.accessToken()).items().getJsonObject(0).getString("id");
        assertEquals(403, server.http.put("/api/v1/contacts/" + own + "/labels/" + label, null, customer.accessToken()).status());
    }

    @Test
    void appliesLabelsToRecordsAndFiltersListsByEveryLabelAsked() {
        Account admin = server.register("Label Filters");
        String vip = create(admin, "VIP", "#aa0000").getString("id");
        String eu = create(admin, "EU", "#0000aa").getString("id");
        String both = server.createContact(admin);
        String onlyVip = server.createContact(admin);
        server.createContact(admin);
        apply(admin, "contacts", both, vip);
        apply(admin, "contacts", both, eu);
        apply(admin, "contacts", onlyVip, vip);
        apply(admin, "contacts", onlyVip, vip);

        assertEquals(Set.of(both, onlyVip), ids(server.http.get("/api/v1/contacts?labelId=" + vip, admin.accessToken()).items()));
        assertEquals(Set.of(both), ids(server.http.get("/api/v1/contacts?labelId=" + vip + "&labelId=" + eu, admin.accessToken()).items()));
        assertEquals(400, server.http.get("/api/v1/contacts?labelId=nope", admin.accessToken()).status());

        String labelledCase = server.createCase(admin);
        server.createCase(admin);
        apply(admin, "cases", labelledCase, eu);
        assertEquals(Set.of(labelledCase), ids(server.http.get("/api/v1/cases?labelId=" + eu, admin.accessToken()).items()));
        assertEquals(Set.of(labelledCase), ids(server.http.get("/api/v1/cases?labelId=" + eu + "&sort=-createdAt", admin.accessToken()).items()));

        String conversation = server.http.post("/api/v1/conversations", new JsonObject().put("channel", "email").put("subject", "Hi")
                .put("contactId", both), admin.accessToken()).json().getString("id");
        server.http.post("/api/v1/conversations", new JsonObject().put("channel", "email").put("subject", "Other"), admin.accessToken());
        apply(admin, "conversations", conversation, vip);
        assertEquals(Set.of(conversation), ids(server.http.get("/api/v1/conversations?labelId=" + vip, admin.accessToken()).items()));

        assertEquals(204, server.http.delete("/api/v1/contacts/" + both + "/labels/" + eu, admin.accessToken()).status());
        assertEquals(Set.of(), ids(server.http.get("/api/v1/contacts?labelId=" + vip + "&labelId=" + eu, admin.accessToken()).items()));
        assertEquals(List.of("contact.created", "contact.labeled", "contact.labeled", "contact.unlabeled"), types(both));
        assertEquals(List.of("contact.created", "contact.labeled"), types(onlyVip), "applying a label twice changes nothing");
    }

    @Test
    void renamingALabelRenamesItOnEveryRecordAndDeletingItRemovesIt() {
        Account admin = server.register("Label Rename");
        String label = create(admin, "Lead", "#00aa00").getString("id");
        String contact = server.createContact(admin);
        String kase = server.createCase(admin);
        apply(admin, "contacts", contact, label);
        apply(admin, "cases", kase, label);
        server.http.patch("/api/v1/labels/" + label, new JsonObject().put("name", "Hot lead"), admin.accessToken());
        for (String path : List.of("/api/v1/contacts/" + contact + "/labels", "/api/v1/cases/" + kase + "/labels")) {
            JsonArray on = server.http.get(path, admin.accessToken()).items();
            assertEquals(1, on.size(), path);
            assertEquals("Hot lead", on.getJsonObject(0).getString("name"), path);
        }
        server.http.delete("/api/v1/labels/" + label, admin.accessToken());
        assertEquals(0, server.http.get("/api/v1/contacts/" + contact + "/labels", admin.accessToken()).items().size());
        assertEquals(0, server.http.get("/api/v1/cases/" + kase + "/labels", admin.accessToken()).items().size());
    }

    @Test
    void applyingFollowsTheRecordsOwnRules() {
        Account admin = server.register("Label Access");
        Account agent = server.invite(admin, "agent");
        Account viewer = server.invite(admin, "viewer");
        String label = create(admin, "Watch", "#abcdef").getString("id");
        String adminsContact = server.createContact(admin);
        String agentsContact = server.createContact(agent);

        assertEquals(404, server.http.put("/api/v1/contacts/" + adminsContact + "/labels/" + label, null, agent.accessToken()).status(),
                "an agent cannot see another owner's contact");
        assertEquals(404, server.http.get("/api/v1/contacts/" + adminsContact + "/labels", agent.accessToken()).status());
        assertEquals(204, server.http.put("/api/v1/contacts/" + agentsContact + "/labels/" + label, null, agent.accessToken()).status());
        assertEquals(403, server.http.put("/api/v1/contacts/" + adminsContact + "/labels/" + label, null, viewer.accessToken()).status(),
                "a viewer reads every contact but changes none");
        assertEquals(404, server.http.put("/api/v1/contacts/" + agentsContact + "/labels/" + UUID.randomUUID(), null,
                agent.accessToken()).status(), "an unknown label");
        assertEquals(Set.of(agentsContact), ids(server.http.get("/api/v1/contacts?labelId=" + label, agent.accessToken()).items()));
    }

    @Test
    void anotherOrganizationsLabelsAndRecordsAnswer404() {
        Account a = server.register("Label Owner");
        Account b = server.register("Label Prober");
        String label = create(a, "Mine", "#111111").getString("id");
        String contact = server.createContact(a);
        String bContact = server.createContact(b);
        assertEquals(404, server.http.get("/api/v1/labels/" + label, b.accessToken()).status());
        assertEquals(404, server.http.put("/api/v1/contacts/" + contact + "/labels/" + label, null, b.accessToken()).status());
        assertEquals(404, server.http.put("/api/v1/contacts/" + bContact + "/labels/" + label, null, b.accessToken()).status(),
                "B cannot apply A's label to its own contact");
        assertEquals(0, server.http.get("/api/v1/labels", b.accessToken()).items().size());
        assertEquals(0, server.http.get("/api/v1/contacts?labelId=" + label, b.accessToken()).items().size());
    }

    @Test
    void theTagFilterMatchesWhateverTheCase() {
        Account admin = server.register("Tag Case");
        Response vip = server.http.post("/api/v1/contacts", new JsonObject().put("fullName", "Tagged").put("tags", new JsonArray().add("VIP")),
                admin.accessToken());
        server.createContact(admin);
        String id = vip.json().getString("id");
        assertEquals(Set.of(id), ids(server.http.get("/api/v1/contacts?tag=vip", admin.accessToken()).items()));
        assertEquals(Set.of(id), ids(server.http.get("/api/v1/contacts?tag=Vip", admin.accessToken()).items()));
        assertEquals(new JsonArray().add("VIP"), server.http.get("/api/v1/contacts/" + id, admin.accessToken()).json().getJsonArray("tags"),
                "the tag itself keeps its case");
    }

    private static JsonObject create(Account admin, String name, String color) {
        Response r = server.http.post("/api/v1/labels", new JsonObject().put("name", name).put("color", color), admin.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json();
    }

    private static void apply(Account caller, String records, String recordId, String labelId) {
        Response r = server.http.put("/api/v1/" + records + "/" + recordId + "/labels/" + labelId, null, caller.accessToken());
        assertEquals(204, r.status(), r::toString);
    }

    private static Set<String> ids(JsonArray items) {
        return items.stream().map(i -> ((JsonObject) i).getString("id")).collect(Collectors.toSet());
    }

    private static List<String> types(String entityId) {
        List<String> out = server.events(entityId).stream().map(e -> e.getString("type")).toList();
        assertTrue(!out.isEmpty(), "events of " + entityId);
        return out;
    }
}
