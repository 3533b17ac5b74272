package dev.switchboard.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code @name} and {@code @email} in a note reach the colleagues they name; a name two colleagues share reaches nobody. */
class MentionByNameTest {

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
    void plainHandlesResolveToUsersOfTheOrganization() {
        Account admin = server.register("Mention Names");
        Account agent = server.invite(admin, "agent");       // "Invited agent"
        Account manager = server.invite(admin, "manager");   // "Invited manager"
        Account elsewhere = server.register("Mention Elsewhere");
        String contact = server.createContact(admin);

        note(admin, contact, "@InvitedAgent please call; @" + manager.email() + " FYI; @invited is ambiguous; @" + elsewhere.email()
                + " is not one of us");
        server.awaitEventsApplied();
        assertEquals(List.of("You were mentioned in a note"), titles(agent));
        assertEquals(List.of("You were mentioned in a note"), titles(manager));
        assertEquals(List.of(), titles(elsewhere), "another organization's user is never mentioned");
        assertEquals(List.of(), titles(admin), "the author is never notified of their own note");

        note(admin, contact, "only @invited here");
        server.awaitEventsApplied();
        assertEquals(1, titles(agent).size(), "a handle that names two users notifies neither");
    }

    private static void note(Account author, String contact, String text) {
        Response r = server.http.post("/api/v1/notes", new JsonObject().put("entityType", "contact").put("entityId", contact)
                .put("body", "<p>" + text + "</p>").put("visibility", "org"), author.accessToken());
        assertEquals(201, r.status(), r::toString);
    }

    private static List<String> titles(Account who) {
        Response r = server.http.get("/api/v1/notifications", who.accessToken());
        assertEquals(200, r.status(), r::toString);
        return r.items().stream().map(n -> ((JsonObject) n).getString("title")).toList();
    }
}
