package dev.switchboard.conversations;

import static dev.switchboard.conversations.ConversationFixtures.CONVERSATIONS;
import static dev.switchboard.conversations.ConversationFixtures.assertProblem;
import static dev.switchboard.conversations.ConversationFixtures.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Another organization gets 404 for every conversation route that takes an id, and changes nothing. */
class ConversationIsolationTest {

    private static TestServer server;
    private static ConversationFixtures fx;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        fx = new ConversationFixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anotherOrganizationGets404ForEveryConversationRouteAndChangesNothing() throws Exception {
        Account owner = server.register("Isolated Owner");
        Account outsider = server.register("Isolated Outsider");
        String id = fx.create(owner, new JsonObject().put("channel", "email").put("subject", "Private")).getString("id");
        String message = fx.message(owner, id, "outbound", "private words").getString("id");
        fx.message(owner, id, "inbound", "unread for the outsider, if it leaked");
        // the reply goes to the email pipeline, which fails it at once (the conversation has no contact to write to);
        // the snapshot is taken after that, so only the outsider's requests could change it
        Eventually.await(() -> TestDatabase.queryLong(server.db,
                "SELECT count(*) FROM messages WHERE id = ?::uuid AND delivery_status = 'failed'", message) == 1,
                Duration.ofSeconds(20), "the reply without a recipient failed");
        server.awaitEventsApplied();
        String before = snapshot(owner.tenantId());
        String token = outsider.accessToken();
        String base = CONVERSATIONS + "/" + id;
        String unknown = CONVERSATIONS + "/" + UUID.randomUUID();

        Response get = server.http.get(base, token);
        assertProblem(404, get);
        assertEquals(server.http.get(unknown, token).json().getString("detail"), get.json().getString("detail"),
                "indistinguishable from a conversation that does not exist");
        assertProblem(404, server.http.patch(base, new JsonObject().put("subject", "Ours").put("version", 1), token));
        assertProblem(404, server.http.post(base + "/read", null, token));
        assertProblem(404, server.http.get(base + "/messages", token));
        assertProblem(404, server.http.post(base + "/messages", new JsonObject().put("direction", "outbound").put("body", "hi"), token));
        assertProblem(404, server.http.delete(base + "/messages/" + message, token));
        assertProblem(404, server.http.post(base + "/messages/" + message + "/delivery", new JsonObject().put("status", "failed"), token));

        assertFalse(ids(server.http.get(CONVERSATIONS + "?limit=100", token)).contains(id));
        assertEquals(0, server.http.get(CONVERSATIONS + "/unread", token).json().getInteger("total"));
        assertEquals(before, snapshot(owner.tenantId()), "nothing of the owner's changed");
        assertEquals(0, fx.count("SELECT count(*) FROM conversation_reads WHERE conversation_id = ?::uuid", id));
    }

    /** The owner's conversations, messages, read receipts and events, as the superuser sees them. */
    private static String snapshot(String tenantId) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = TestDatabase.connect(server.db)) {
            for (String sql : new String[]{
                    "SELECT id, subject, version, updated_at FROM conversations WHERE tenant_id = ?::uuid ORDER BY id",
                    "SELECT id, delivery_status, deleted_at, version FROM messages WHERE tenant_id = ?::uuid ORDER BY id",
                    "SELECT count(*) FROM conversation_reads WHERE tenant_id = ?::uuid",
                    "SELECT count(*) FROM outbox WHERE tenant_id = ?::uuid"}) {
                try (PreparedStatement st = c.prepareStatement(sql)) {
                    st.setString(1, tenantId);
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) {
                            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                                out.append(rs.getString(i)).append('|');
                            }
                            out.append('\n');
                        }
                    }
                }
            }
        }
        return out.toString();
    }
}
