package dev.switchboard.platform.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.bus.EventEnvelope;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The in-memory tail answers a read only when it holds every position the read covers; otherwise the consumer
 * must ask the database, so nothing positioned elsewhere is ever skipped.
 */
class EventTailTest {

    private static final int SHARDS = 4;
    private static final Predicate<String> ANY = type -> true;
    private final UUID[] tenants = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};

    @Test
    void answersAReadItHoldsWholeWithThatShardAndTheseTypesInOrder() {
        EventTail tail = new EventTail(64);
        tail.append(events(1, 20));

        UUID tenant = tenants[0];
        int shard = Shards.of(tenant, SHARDS);
        EventLog.Slice slice = tail.read(shard, SHARDS, 5, Set.of("task.created")::contains, 100);

        assertNotNull(slice);
        assertEquals(20, slice.head());
        List<Long> expected = LongStream.rangeClosed(6, 20).boxed()
                .filter(p -> Shards.of(tenantAt(p), SHARDS) == shard && typeAt(p).equals("task.created")).toList();
        assertEquals(expected, slice.events().stream().map(EventEnvelope::seq).toList());
    }

    @Test
    void stopsAtTheLimit() {
        EventTail tail = new EventTail(64);
        tail.append(events(1, 40));
        int shard = Shards.of(tenants[1], SHARDS);
        EventLog.Slice all = tail.read(shard, SHARDS, 0, ANY, 1000);
        EventLog.Slice two = tail.read(shard, SHARDS, 0, ANY, 2);
        assertEquals(all.events().subList(0, 2), two.events());
    }

    @Test
    void sendsReadsItCannotAnswerWholeToTheDatabase() {
        EventTail tail = new EventTail(64);
        assertNull(tail.read(0, SHARDS, 0, ANY, 10), "empty");

        tail.append(events(11, 20));
        assertNull(tail.read(0, SHARDS, 9, ANY, 10), "starts before the held run");
        assertNotNull(tail.read(0, SHARDS, 10, ANY, 10));
        assertNull(tail.read(0, SHARDS, 20, ANY, 10), "at its end: later positions may come from another node");
        assertNull(tail.read(0, SHARDS, 25, ANY, 10), "past its end");
    }

    @Test
    void aBatchThatDoesNotContinueTheRunStartsANewOne() {
        EventTail tail = new EventTail(64);
        tail.append(events(1, 10));
        tail.append(events(16, 20)); // 11-15 were positioned by another node's relay

        assertNull(tail.read(0, SHARDS, 10, ANY, 10), "the gap is not held");
        assertNull(tail.read(0, SHARDS, 3, ANY, 10), "nor what came before it");
        EventLog.Slice after = tail.read(Shards.of(tenantAt(17), SHARDS), SHARDS, 15, ANY, 10);
        assertNotNull(after);
        assertEquals(20, after.head());
        assertEquals(17, after.events().stream().filter(e -> e.seq() == 17).findFirst().orElseThrow().seq());
    }

    @Test
    void forgetsWhatFellOutOfItsCapacity() {
        EventTail tail = new EventTail(8);
        tail.append(events(1, 30));
        assertNull(tail.read(0, SHARDS, 21, ANY, 100), "position 22 was overwritten by 30");
        assertNotNull(tail.read(0, SHARDS, 22, ANY, 100));
        EventLog.Slice slice = tail.read(Shards.of(tenantAt(30), SHARDS), SHARDS, 22, ANY, 100);
        assertEquals(30, slice.events().get(slice.events().size() - 1).seq());
        slice.events().forEach(e -> assertEquals(tenantAt(e.seq()), e.tenantId(), "each slot holds its own position"));
    }

    private List<EventEnvelope> events(long from, long to) {
        List<EventEnvelope> events = new ArrayList<>();
        for (long p = from; p <= to; p++) {
            events.add(new EventEnvelope(UUID.randomUUID(), p, tenantAt(p), new Actor(Actor.Type.SYSTEM, null), null,
                    typeAt(p), new JsonObject().put("n", p), Instant.now()));
        }
        return events;
    }

    private UUID tenantAt(long position) {
        return tenants[(int) (position % tenants.length)];
    }

    private static String typeAt(long position) {
        return position % 3 == 0 ? "note.created" : "task.created";
    }
}
