package dev.switchboard.realtime;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.db.Db;
import io.vertx.core.AsyncResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code resume {lastEventId}}: replays the missed events of the channels the connection holds
 * from the durable log, in seq order, then lets the live events held meanwhile follow (those already
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

    void resume(Connection c, long lastEventId) {
        Outbound out = c.outbound();
        if (out.replaying()) {
            out.frame(FrameCodec.error(FrameCodec.BAD_FRAME, "a resume is already running"));
            return;
        }
        out.beginReplay();
        db.readInTenant(c.tenantId(), conn -> ReplayStore.missed(conn, c.tenantId(), lastEventId, maxEvents + 1))
                .onComplete(result -> c.context().runOnContext(v -> finish(c, lastEventId, result)));
    }

    private void finish(Connection c, long lastEventId, AsyncResult<List<EventEnvelope>> result) {
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
            out.frame(FrameCodec.error(FrameCodec.RESYNC_REQUIRED,
                    "more than " + maxEvents + " events or " + maxAge + " were missed; reload and continue live"));
            out.endReplay(List.of());
            return;
        }
        List<Outbound.Routed> routed = new ArrayList<>(missed.size());
        for (EventEnvelope event : missed) {
            for (String channel : EventRoutes.channels(event)) {
                if (c.holds(channel)) {
                    routed.add(new Outbound.Routed(event, channel));
                    break;
                }
            }
        }
        metrics.resumed(true);
        out.endReplay(routed);
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
