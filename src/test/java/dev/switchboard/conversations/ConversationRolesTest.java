package dev.switchboard.conversations;

import static dev.switchboard.conversations.ConversationFixtures.CONVERSATIONS;
import static dev.switchboard.conversations.ConversationFixtures.ids;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Who may do what with one conversation (assigned to an agent, in a team, linked to a contact): every
 * role, with and without a link to it, gets exactly the status codes and list contents the record rules allow.
 */
class ConversationRolesTest {

    private static TestServer server;
    private static ConversationFixtures fx;
    private static Account admin;
    private static String conversation;
    private static String contact;
    private static String note;
    private static String outbound;
    private static final List<Row> TABLE = new ArrayList<>();

    /** One caller and what they get: GET, listed, PATCH, POST message, GET messages (notes seen), POST read, POST create. */
    private record Row(String who, Account account, int get, boolean listed, int patch, int post, int messages, boolean seesNotes,
                       int read, int create) {
    }

    @BeforeAll
    static void arrange() throws Exception {
        server = TestServer.start();
        fx = new ConversationFixtures(server);
        admin = server.register("Roles Clinic");
        Account manager = server.invite(admin, "manager");
        Account assignee = server.invite(admin, "agent");
        Account teamMate = server.invite(admin, "agent");
        Account stranger = server.invite(admin, "agent");
        Account viewer = server.invite(admin, "viewer");
        contact = fx.contact(admin);
        Account linked = fx.customer(admin, contact);
        Account unlinked = fx.customer(admin, fx.contact(admin));
        String team = server.http.post("/api/v1/teams", new JsonObject().put("name", "Front desk"), admin.accessToken()).json().getString("id");
        assertEquals(204, server.http.put("/api/v1/teams/" + team + "/members/" + teamMate.userId(), null, admin.accessToken()).status());
        conversation = fx.create(admin, new JsonObject().put("channel", "email").put("contactId", contact)
                .put("assigneeUserId", assignee.userId()).put("teamId", team)).getString("id");
        outbound = fx.message(assignee, conversation, "outbound", "we are on it").getString("id");
        note = fx.message(assignee, conversation, "internal_note", "customer is grumpy").getString("id");

        TABLE.add(new Row("admin", admin, 200, true, 200, 201, 200, true, 200, 201));
        TABLE.add(new Row("manager", manager, 200, true, 200, 201, 200, true, 200, 201));
        TABLE.add(new Row("assigned agent", assignee, 200, true, 200, 201, 200, true, 200, 201));
        TABLE.add(new Row("agent in the team", teamMate, 200, true, 200, 201, 200, true, 200, 201));
        TABLE.add(new Row("agent not linked", stranger, 404, false, 404, 404, 404, false, 404, 201));
        TABLE.add(new Row("viewer", viewer, 200, true, 403, 403, 200, true, 200, 403));
        TABLE.add(new Row("customer of the contact", linked, 200, true, 403, 403, 200, false, 200, 403));
        TABLE.add(new Row("customer of another contact", unlinked, 404, false, 404, 404, 404, false, 404, 403));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void eachRoleGetsExactlyWhatTheRecordRulesAllow() {
        List<Executable> checks = new ArrayList<>();
        for (Row row : TABLE) {
            String token = row.account().accessToken();
            checks.add(expect(row, "GET", row.get(), () -> server.http.get(CONVERSATIONS + "/" + conversation, token)));
            checks.add(() -> assertEquals(row.listed(), ids(server.http.get(CONVERSATIONS, token)).contains(conversation),
                    row.who() + " list"));
            checks.add(() -> assertEquals(row.listed() ? List.of(conversation) : List.of(),
                    ids(server.http.get(CONVERSATIONS + "?contactId=" + contact, token)), row.who() + " filtered list"));
            checks.add(expect(row, "PATCH", row.patch(), () -> server.http.patch(CONVERSATIONS + "/" + conversation,
                    new JsonObject().put("labels", new JsonArray().add(row.who().replace(' ', '-'))).put("version", version()), token)));
            checks.add(expect(row, "POST message", row.post(), () -> server.http.post(CONVERSATIONS + "/" + conversation + "/messages",
                    new JsonObject().put("direction", "outbound").put("body", "from " + row.who()), token)));
            checks.add(expect(row, "GET messages", row.messages(), () -> server.http.get(CONVERSATIONS + "/" + conversation + "/messages?limit=100", token)));
            if (row.messages() == 200) {
                checks.add(() -> {
                    List<String> seen = ids(server.http.get(CONVERSATIONS + "/" + conversation + "/messages?limit=100", token));
                    assertEquals(row.seesNotes(), seen.contains(note), row.who() + " sees the internal note");
                    assertEquals(true, seen.contains(outbound), row.who() + " sees the reply");
                });
            }
            checks.add(expect(row, "POST read", row.read(), () -> server.http.post(CONVERSATIONS + "/" + conversation + "/read", null, token)));
            checks.add(expect(row, "POST create", row.create(), () -> server.http.post(CONVERSATIONS,
                    new JsonObject().put("channel", "internal"), token)));
            checks.add(() -> {
                JsonObject unread = server.http.get(CONVERSATIONS + "/unread", token).json();
                boolean mentioned = unread.getJsonArray("conversations").stream()
                        .anyMatch(c -> ((JsonObject) c).getString("conversationId").equals(conversation));
                assertEquals(false, mentioned && row.get() == 404, row.who() + " unread totals never name an invisible conversation");
            });
        }
        assertAll(checks);
    }

    @Test
    void customersNeverSeeInternalNotesInTheirUnreadCounts() {
        Row customer = TABLE.stream().filter(r -> r.who().equals("customer of the contact")).findFirst().orElseThrow();
        int before = server.http.get(CONVERSATIONS + "/" + conversation, customer.account().accessToken()).json().getInteger("unreadCount");
        fx.message(admin, conversation, "internal_note", "another private remark");
        int after = server.http.get(CONVERSATIONS + "/" + conversation, customer.account().accessToken()).json().getInteger("unreadCount");
        assertEquals(before, after);
        fx.message(admin, conversation, "outbound", "a reply the customer sees");
        assertEquals(before + 1, server.http.get(CONVERSATIONS + "/" + conversation, customer.account().accessToken()).json()
                .getInteger("unreadCount"));
        Response noteAsReadPosition = server.http.post(CONVERSATIONS + "/" + conversation + "/read",
                new JsonObject().put("upToMessageId", note), customer.account().accessToken());
        assertEquals(400, noteAsReadPosition.status(), "a note does not exist for a customer");
    }

    private static Executable expect(Row row, String what, int status, Supplier<Response> call) {
        return () -> {
            Response r = call.get();
            assertEquals(status, r.status(), () -> row.who() + " " + what + " → " + r);
        };
    }

    private static int version() {
        return server.http.get(CONVERSATIONS + "/" + conversation, admin.accessToken()).json().getInteger("version");
    }
}
