package dev.switchboard.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** Ways tests make events happen: real REST writes, or rows appended to the outbox as a committed transaction would. */
final class RealtimeEvents {

    private static final String APPEND = """
            INSERT INTO outbox (tenant_id, id, type, actor_type, payload)
            SELECT ?::uuid, gen_random_uuid(), ?, 'system', ?::jsonb FROM generate_series(1, ?)""";

    private RealtimeEvents() {
    }

    /** Creates a team over REST (a {@code team.created} event) and returns its id. */
    static String createTeam(TestServer server, Account admin, String name) {
        Http.Response r = server.http.post("/api/v1/teams", new JsonObject().put("name", name + " " + UUID.randomUUID()),
                admin.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json().getString("id");
    }

    /** Commits {@code count} copies of an event for {@code tenantId} straight into the outbox, as one transaction. */
    static void append(TestServer server, String tenantId, String type, JsonObject data, int count) {
        try (Connection c = TestDatabase.connect(server.db); PreparedStatement st = c.prepareStatement(APPEND)) {
            st.setString(1, tenantId);
            st.setString(2, type);
            st.setString(3, data.encode());
            st.setInt(4, count);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh access token for an account, by logging in again. */
    static String login(TestServer server, Account account) {
        Http.Response r = server.http.post("/api/v1/auth/login",
                new JsonObject().put("email", account.email()).put("password", Account.PASSWORD), null);
        assertEquals(200, r.status(), r::toString);
        return r.json().getString("accessToken");
    }
}
