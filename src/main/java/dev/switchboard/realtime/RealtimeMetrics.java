package dev.switchboard.realtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The gateway's meters: named constants, tags from small fixed sets only. */
public final class RealtimeMetrics {

    public static final String CONNECTIONS = "switchboard.realtime.connections";
    public static final String SUBSCRIPTIONS = "switchboard.realtime.subscriptions";
    public static final String FRAMES = "switchboard.realtime.frames";
    public static final String SLOW_CONSUMERS = "switchboard.realtime.slow.consumers.closed";
    public static final String DELIVERY_LATENCY = "switchboard.realtime.delivery.latency";
    public static final String RESUMES = "switchboard.realtime.resume.replays";
    public static final String PRESENCE_NODES = "switchboard.realtime.presence.nodes";

    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final Counter framesIn;
    private final Counter framesOut;
    private final Counter slowConsumers;
    private final Counter replayed;
    private final Counter resyncRequired;
    private final Timer latency;
    private final MeterRegistry registry;

    public RealtimeMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(CONNECTIONS, connections, AtomicInteger::get).description("open authenticated WebSocket connections")
                .strongReference(true).register(registry);
        Gauge.builder(SUBSCRIPTIONS, subscriptions, AtomicInteger::get).description("channel subscriptions of open connections")
                .strongReference(true).register(registry);
        framesIn = Counter.builder(FRAMES).tag("direction", "in").description("WebSocket frames").register(registry);
        framesOut = Counter.builder(FRAMES).tag("direction", "out").description("WebSocket frames").register(registry);
        slowConsumers = Counter.builder(SLOW_CONSUMERS).description("connections closed for not reading fast enough").register(registry);
        replayed = Counter.builder(RESUMES).tag("outcome", "replayed").description("resume requests").register(registry);
        resyncRequired = Counter.builder(RESUMES).tag("outcome", "resync_required").description("resume requests").register(registry);
        latency = Timer.builder(DELIVERY_LATENCY).description("from an event's occurrence to its write on a socket").register(registry);
    }

    /** Counts the other nodes whose presence this node currently hears. */
    void presenceNodes(PresenceTracker presence) {
        Gauge.builder(PRESENCE_NODES, presence, PresenceTracker::peerNodes)
                .description("other nodes heard from within the node timeout").strongReference(true).register(registry);
    }

    void connectionOpened() {
        connections.incrementAndGet();
    }

    void connectionClosed() {
        connections.decrementAndGet();
    }

    void subscriptions(int delta) {
        subscriptions.addAndGet(delta);
    }

    void frameIn() {
        framesIn.increment();
    }

    void frameOut() {
        framesOut.increment();
    }

    void slowConsumerClosed() {
        slowConsumers.increment();
    }

    void resumed(boolean replayedEvents) {
        (replayedEvents ? replayed : resyncRequired).increment();
    }

    /** One live event written to a socket; {@code occurredAtMillis} is -1 when unknown. */
    void delivered(long occurredAtMillis) {
        if (occurredAtMillis >= 0) {
            latency.record(Math.abs(System.currentTimeMillis() - occurredAtMillis), TimeUnit.MILLISECONDS);
        }
    }
}
