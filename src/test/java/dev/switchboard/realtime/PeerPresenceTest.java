package dev.switchboard.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.realtime.PeerPresence.Key;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The other nodes' users as one node sees them: latest status wins, silence expires, a goodbye is immediate. */
class PeerPresenceTest {

    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(10);
    private static final UUID TENANT = UUID.randomUUID();

    private final PeerPresence peers = new PeerPresence(TIMEOUT);
    private final Key ann = new Key(TENANT, UUID.randomUUID());
    private final Key bob = new Key(TENANT, UUID.randomUUID());

    @Test
    void theMostRecentlyConfirmedNodeDecidesTheStatus() {
        peers.put("a", ann, "online", 1);
        peers.put("b", ann, "busy", 2);
        assertEquals("busy", peers.status(ann));
        peers.put("a", ann, "away", 3);
        assertEquals("away", peers.status(ann));
        peers.remove("a", ann);
        assertEquals("busy", peers.status(ann));
        peers.remove("b", ann);
        assertNull(peers.status(ann));
    }

    @Test
    void aUserExpiresOnlyWhenNoNodeConfirmedThemWithinTheTimeout() {
        peers.put("a", ann, "online", 0);
        peers.put("b", ann, "online", TIMEOUT / 2);
        peers.put("a", bob, "online", 0);
        List<PeerPresence.Expired> gone = peers.expire(TIMEOUT + 1);
        assertEquals(List.of(bob), gone.stream().map(PeerPresence.Expired::key).toList(), "ann is still on b");
        assertEquals("online", peers.status(ann));
        assertEquals(1, peers.nodes(), "a fell silent, b did not");
        assertEquals(List.of(ann), peers.expire(TIMEOUT * 2).stream().map(PeerPresence.Expired::key).toList());
        assertEquals(0, peers.nodes());
    }

    @Test
    void aNodeLeavingTakesOnlyItsUsersOfThatTenant() {
        Key otherTenant = new Key(UUID.randomUUID(), ann.userId());
        peers.put("a", ann, "online", 1);
        peers.put("a", otherTenant, "online", 1);
        peers.put("b", bob, "online", 1);
        assertEquals(List.of(ann), peers.leave("a", TENANT));
        assertNull(peers.status(ann));
        assertEquals("online", peers.status(otherTenant));
        assertEquals("online", peers.status(bob));
        assertTrue(peers.leave("a", TENANT).isEmpty());
    }
}
