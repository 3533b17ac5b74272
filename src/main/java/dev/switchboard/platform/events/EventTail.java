package dev.switchboard.platform.events;

import dev.switchboard.platform.bus.EventEnvelope;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The newest stretch of the event log this node's relay positioned, kept in memory so that the node's consumers
 * read what was just committed without asking the database again. It holds an unbroken run of positions: every
 * event from just after {@code base} up to {@code end}, of every shard, exactly as the database stores them (the
 * relay appends only what its committed statement returned). A read it cannot answer whole (it starts before the
 * run, or at or past its end, where another node's relay may have positioned events) returns null, and the
 * consumer reads the database as before; so the tail never hides an event, it only saves reading one.
 */
public final class EventTail {

    /**
     * Events held by default: about a second and a half at the write rate one core sustains, several times the lag of
     * a consumer that keeps up. A longer tail saves no reads but keeps every event alive for longer than a young
     * collection: the events are then promoted and die in the old generation, which fills with them and makes every
     * collection slower (16,384 events did so under sustained writes).
     */
    public static final int DEFAULT_CAPACITY = 2_048;

    private final EventEnvelope[] ring;
    private long base = -1;
    private long end = -1;

    public EventTail(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.ring = new EventEnvelope[capacity];
    }

    /**
     * Appends a relay batch, in position order. A batch that does not continue the held run (another node's relay
     * positioned the events in between) starts a new run.
     */
    public synchronized void append(List<EventEnvelope> events) {
        for (EventEnvelope event : events) {
            long position = event.seq();
            if (end < 0 || position != end + 1) {
                base = position - 1;
            }
            ring[(int) (position % ring.length)] = event;
            end = position;
        }
        base = Math.max(base, end - ring.length);
    }

    /**
     * The events of {@code shard} (of {@code shards}) after {@code after} whose type {@code wanted} accepts, at
     * most {@code limit}, with the end of the held run as the head they were read at; null when the held run does
     * not cover everything after {@code after} up to its end.
     */
    synchronized EventLog.Slice read(int shard, int shards, long after, Predicate<String> wanted, int limit) {
        if (end < 0 || after < base || after >= end) {
            return null;
        }
        List<EventEnvelope> events = new ArrayList<>();
        for (long position = after + 1; position <= end && events.size() < limit; position++) {
            EventEnvelope event = ring[(int) (position % ring.length)];
            if (Shards.of(event.tenantId(), shards) == shard && wanted.test(event.type())) {
                events.add(event);
            }
        }
        return new EventLog.Slice(end, events);
    }
}
