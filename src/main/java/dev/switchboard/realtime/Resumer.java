package dev.switchboard.realtime;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.db.Db;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code resume {lastEventId}}, and a subscription that asks to catch up: replays the missed events
 * from the durable log in position order, then lets the live events held meanwhile follow (those already
 * replayed are dropped by event id). A gap larger than the configured window gets {@code resync_required}.
 */
final class Resumer {

    private static final Logger log = LoggerFactory.getLogger(Resumer.class);

    private final Db db;
    private final int maxEvents;
    private final Duration maxAge;
    private final RealtimeMetrics metrics;

    Resumer(Db db, int maxEvents, Duration maxAge, RealtimeMetrics metrics) {
        this.db = db;
        this.maxEvents = maxEvents;
        this.maxAge = maxAge;
        this.metrics = metrics;
    }

    /**
     * A {@code resume} frame: replays what the connection missed on the channels it holds, and remembers
     * {@code lastEventId} so that channels subscribed later catch up from it too. Completes once the replay is
     * queued; call on the connection's context.
     */
    Future<Void> resume(Connection c, long lastEventId) {
        c.resumePoint(lastEventId);
        return replay(c, lastEventId, null);
    }

    /**
     * Replays what the connection missed after {@code lastEventId} on {@code channel}, which it is about to hold:
     * the events no other channel it holds carried. Call on the connection's context before subscribing it, so
     * live events of the channel wait behind the replayed ones.
     */
    Future<Void> catchUp(Connection c, String channel, long lastEventId) {
        return replay(c, lastEventId, channel);
    }

    private Future<Void> replay(Connection c, long lastEventId, String onlyChannel) {
        // frames are handled one at a time and a replay's frame completes only when it ends, so none overlap
        c.outbound().beginReplay();
        Promise<Void> done = Promise.promise();
        db.readInTenant(c.tenantId(), conn -> ReplayStore.missed(conn, c.tenantId(), lastEventId, maxEvents + 1))
                .onComplete(result -> c.context().runOnContext(v -> {
                    finish(c, lastEventId, onlyChannel, result);
                    done.complete();
                }));
        return done.future();
    }

    private void finish(Connection c, long lastEventId, String onlyChannel, AsyncResult<List<EventEnvelope>> result) {
        Outbound out = c.outbound();
        if (result.failed()) {
            log.warn("resume failed [connection: {}]", c.id(), result.cause());
            out.frame(FrameCodec.error(FrameCodec.RESYNC_REQUIRED, "the missed events could not be read; reload and continue live"));
            out.endReplay(List.of());
            return;
        }
        List<EventEnvelope> missed = result.result();
        if (tooFarBehind(missed, lastEventId)) {
            metrics.resumed(false);
            out.frame(FrameCodec.error(FrameCodec.RESYNC_REQUIRED, "more than " + maxEvents + " events or " + maxAge
                    + " were missed" + (onlyChannel == null ? "" : " on " + onlyChannel) + "; reload and continue live"));
            out.endReplay(List.of());
            return;
        }
        List<Outbound.Routed> routed = new ArrayList<>(missed.size());
        for (EventEnvelope event : missed) {
            String channel = onlyChannel == null ? firstHeld(c, event) : onlyOn(c, event, onlyChannel);
            if (channel != null) {
                routed.add(new Outbound.Routed(event, channel));
            }
        }
        metrics.resumed(true);
        out.endReplay(routed);
    }

    /** The most specific channel of the event the connection holds, or null. */
    private static String firstHeld(Connection c, EventEnvelope event) {
        for (String channel : EventRoutes.channels(event)) {
            if (c.holds(channel)) {
                return channel;
            }
        }
        return null;
    }

    /** {@code channel} when the event travels on it and on no other channel the connection holds (that one carried it). */
    private static String onlyOn(Connection c, EventEnvelope event, String channel) {
        List<String> routes = EventRoutes.channels(event);
        if (!routes.contains(channel)) {
            return null;
        }
        for (String other : routes) {
            if (!other.equals(channel) && c.holds(other)) {
                return null;
            }
        }
        return channel;
    }

    private boolean tooFarBehind(List<EventEnvelope> missed, long lastEventId) {
        if (missed.size() > maxEvents) {
            return true;
        }
        Instant oldestAllowed = Instant.now().minus(maxAge);
        return missed.stream().filter(e -> e.seq() > lastEventId).findFirst()
                .map(first -> first.occurredAt().isBefore(oldestAllowed)).orElse(false);
    }
}
