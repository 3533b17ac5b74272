package dev.switchboard.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Arranging contacts, teams and portal customers, and reading what the database holds (as superuser). */
public final class ContactFixtures {

    public static final String CONTACTS = "/api/v1/contacts";

    private final TestServer server;

    public ContactFixtures(TestServer server) {
        this.server = server;
    }

    public JsonObject createContact(Account by, JsonObject body) {
        Response r = server.http.post(CONTACTS, body, by.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json();
    }

    public String contact(Account by, String fullName) {
        return createContact(by, new JsonObject().put("fullName", fullName)).getString("id");
    }

    public String team(Account admin, String name, Account... members) {
        Response r = server.http.post("/api/v1/teams", new JsonObject().put("name", name), admin.accessToken());
        assertEquals(201, r.status(), r::toString);
        String id = r.json().getString("id");
        for (Account member : members) {
            Response added = server.http.put("/api/v1/teams/" + id + "/members/" + member.userId(), null, admin.accessToken());
            assertEquals(204, added.status(), added::toString);
        }
        return id;
    }

    /** A portal customer invited and linked to {@code contactId} (or to no contact when null). */
    public Account customer(Account admin, String contactId) {
        String email = "customer-" + UUID.randomUUID() + "@example.test";
        Response invite = server.http.post("/api/v1/invites", new JsonObject().put("email", email).put("role", "customer")
                .put("contactId", contactId), admin.accessToken());
        assertEquals(201, invite.status(), invite::toString);
        Response accepted = server.http.post("/api/v1/invites/accept", new JsonObject()
                .put("token", invite.json().getString("token")).put("fullName", "Portal Customer")
                .put("password", Account.PASSWORD), null);
        assertEquals(201, accepted.status(), accepted::toString);
        JsonObject session = accepted.json();
        return new Account(email, session.getJsonObject("user").getString("id"), session.getJsonObject("organization").getString("id"),
                session.getString("accessToken"), session.getString("refreshToken"));
    }

    public static List<String> ids(Response list) {
        assertEquals(200, list.status(), list::toString);
        return list.items().stream().map(item -> ((JsonObject) item).getString("id")).toList();
    }

    public static List<String> fields(Response problem) {
        JsonArray errors = problem.json().getJsonArray("errors", new JsonArray());
        return errors.stream().map(e -> ((JsonObject) e).getString("field")).toList();
    }

    /** The events recorded for one entity, oldest first: {type, tenantId, payload}. */
    public List<JsonObject> events(String entityId) throws Exception {
        List<JsonObject> out = new ArrayList<>();
        try (Connection c = TestDatabase.connect(server.db);
             PreparedStatement st = c.prepareStatement("SELECT type, tenant_id, payload::text FROM outbox "
                     + "WHERE payload->>'entityId' = ? ORDER BY seq")) {
            st.setString(1, entityId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new JsonObject().put("type", rs.getString(1)).put("tenantId", rs.getString(2))
                            .put("payload", new JsonObject(rs.getString(3))));
                }
            }
        }
        return out;
    }

    public List<String> eventTypes(String entityId) throws Exception {
        return events(entityId).stream().map(e -> e.getString("type")).toList();
    }

    /** The audit actions recorded for one entity, oldest first. */
    public List<String> auditActions(String entityId) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = TestDatabase.connect(server.db);
             PreparedStatement st = c.prepareStatement("SELECT action FROM audit_log WHERE entity_id = ?::uuid ORDER BY seq")) {
            st.setString(1, entityId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** {@code SELECT count(*)} with one text parameter per {@code ?}. */
    public int count(String sql, String... params) throws Exception {
        try (Connection c = TestDatabase.connect(server.db); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setString(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** One row of a table as text columns, for before/after comparisons. */
    public String row(String table, String id) throws Exception {
        try (Connection c = TestDatabase.connect(server.db);
             PreparedStatement st = c.prepareStatement("SELECT t::text FROM " + table + " t WHERE id = ?::uuid")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
