package dev.switchboard.conversations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Arranging conversations over HTTP and inspecting what they wrote, for the conversation and notification tests. */
public final class ConversationFixtures {

    public static final String CONVERSATIONS = "/api/v1/conversations";

    private final TestServer server;

    public ConversationFixtures(TestServer server) {
        this.server = server;
    }

    /** A real contact the admin may link. */
    public String contact(Account admin) {
        return server.createContact(admin);
    }

    /** A portal customer of {@code admin}'s organization whose own contact is {@code contactId}. */
    public Account customer(Account admin, String contactId) throws Exception {
        Account customer = server.invite(admin, "customer");
        assertEquals(1, TestDatabase.update(server.db, "UPDATE users SET contact_id = ?::uuid WHERE id = ?::uuid",
                contactId, customer.userId()));
        return customer;
    }

    public JsonObject create(Account caller, JsonObject body) {
        Response r = server.http.post(CONVERSATIONS, body, caller.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json();
    }

    public JsonObject create(Account caller, String contactId, String assigneeUserId) {
        return create(caller, new JsonObject().put("channel", "email").put("subject", "Question").put("contactId", contactId)
                .put("assigneeUserId", assigneeUserId));
    }

    public JsonObject message(Account caller, String conversationId, String direction, String body) {
        Response r = server.http.post(CONVERSATIONS + "/" + conversationId + "/messages",
                new JsonObject().put("direction", direction).put("body", body), caller.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json();
    }

    public static List<String> ids(Response list) {
        assertEquals(200, list.status(), list::toString);
        List<String> ids = new ArrayList<>();
        list.items().forEach(item -> ids.add(((JsonObject) item).getString("id")));
        return ids;
    }

    public static List<String> fields(Response problem) {
        JsonArray errors = problem.json().getJsonArray("errors", new JsonArray());
        return errors.stream().map(e -> ((JsonObject) e).getString("field")).toList();
    }

    public static void assertProblem(int status, Response r) {
        assertEquals(status, r.status(), r::toString);
        assertEquals("application/problem+json", r.contentType());
        assertNotNull(r.json().getString("correlationId"));
    }

    /** The outbox events of one entity, oldest first, as {type, tenantId, actorId, payload}. */
    public List<JsonObject> events(String entityId) throws Exception {
        List<JsonObject> out = new ArrayList<>();
        try (Connection c = TestDatabase.connect(server.db);
             PreparedStatement st = c.prepareStatement("SELECT type, tenant_id, actor_id, payload::text FROM outbox "
                     + "WHERE payload->>'entityId' = ? ORDER BY seq")) {
            st.setString(1, entityId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new JsonObject().put("type", rs.getString(1)).put("tenantId", rs.getString(2))
                            .put("actorId", rs.getString(3)).put("payload", new JsonObject(rs.getString(4))));
                }
            }
        }
        return out;
    }

    public List<String> eventTypes(String entityId) throws Exception {
        return events(entityId).stream().map(e -> e.getString("type")).toList();
    }

    /** Rows of a table of this feature (as the superuser, so every tenant's). */
    public int count(String sql, String... args) throws Exception {
        try (Connection c = TestDatabase.connect(server.db); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setString(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
