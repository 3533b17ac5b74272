package dev.switchboard.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Reading {@code @[Name](user:<uuid>)} mention tokens and plain {@code @handles} out of note and message bodies. */
class MentionsTest {

    private static final UUID ANN = UUID.fromString("0193a1b2-0000-7000-8000-000000000001");
    private static final UUID BOB = UUID.fromString("0193a1b2-0000-7000-8000-000000000002");

    @Test
    void findsEachMentionedUserOnceInOrder() {
        String body = "@[Bob](user:" + BOB + ") and @[Ann](user:" + ANN.toString().toUpperCase() + "), again @[Bob B.](user:" + BOB + ")";
        assertEquals(List.of(BOB, ANN), Mentions.users(body));
    }

    @Test
    void ignoresWhatIsNotAWellFormedToken() {
        assertEquals(List.of(), Mentions.users("@Ann, @[Ann](user:not-a-uuid), [Ann](user:" + ANN + "), @[](user:" + ANN + ")"));
        assertEquals(List.of(), Mentions.users("@[Ann\n](user:" + ANN + ")"));
        assertEquals(List.of(), Mentions.users(null));
    }

    @Test
    void readsPlainHandlesByNameAndEmailButNotAddressesInText() {
        assertEquals(List.of("bob", "ann@acme.example", "annsmith"),
                Mentions.handles("Hi @Bob. Ask @ann@acme.example or @AnnSmith, @bob again; write to ops@acme.example"));
        assertEquals(List.of(), Mentions.handles("@[Ann](user:" + ANN + ") only a token, and an @ alone"));
        assertEquals(List.of(), Mentions.handles(null));
    }

    @Test
    void capsTheNumberOfMentionedUsers() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < Mentions.MAX_MENTIONS + 10; i++) {
            body.append("@[U](user:").append(UUID.randomUUID()).append(") ");
        }
        assertEquals(Mentions.MAX_MENTIONS, Mentions.users(body.toString()).size());
    }

    @Test
    void rendersTokensAsNamesInSnippets() {
        assertEquals("@Ann please check $1 refund", Mentions.snippet("  @[Ann](user:" + ANN + ") please check $1 refund ", 200));
        assertEquals("abcd…", Mentions.snippet("abcdefgh", 5));
    }
}
