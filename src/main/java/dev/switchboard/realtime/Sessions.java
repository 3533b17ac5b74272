package dev.switchboard.realtime;

import dev.switchboard.platform.config.RealtimeConfig;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one socket from upgrade to close: inbound size and rate limits, keepalive pings and the idle
 * timeout, authentication first and then the client frames, and the clean-up when it closes.
 */
final class Sessions {

    private static final Logger log = LoggerFactory.getLogger(Sessions.class);
    private static final Buffer PING = Buffer.buffer("keepalive");

    private final Vertx vertx;
    private final RealtimeConfig config;
    private final Handshake handshake;
    private final ClientFrames frames;
    private final RecipientFilter filter;
    private final ConnectionRegistry registry;
    private final PresenceTracker presence;
    private final TypingRelay typing;
    private final RealtimeMetrics metrics;

    Sessions(Vertx vertx, RealtimeConfig config, Handshake handshake, ClientFrames frames, RecipientFilter filter,
             ConnectionRegistry registry, PresenceTracker presence, TypingRelay typing, RealtimeMetrics metrics) {
        this.vertx = vertx;
        this.config = config;
        this.handshake = handshake;
        this.frames = frames;
        this.filter = filter;
        this.registry = registry;
        this.presence = presence;
        this.typing = typing;
        this.metrics = metrics;
    }

    /**
     * Takes over a freshly upgraded socket; call on the socket's context. {@code checked} is the upgrade's bearer token
     * already authenticated (null without one).
     */
    void open(ServerWebSocket ws, RequestMeta meta, String bearerToken, Principal checked) {
        Context context = vertx.getOrCreateContext();
        Connection c = new Connection(ws, context, new ReadDecisions(config.accessCacheTtl().toNanos()), meta);
        c.attach(new Outbound(ws, context, config.maxQueuedFrames(), config.flushInterval(), filter.of(c), metrics, () -> slowConsumer(c)));
        InboundLimiter limiter = new InboundLimiter(config.maxFramesPerSecond());
        ws.textMessageHandler(text -> onText(c, limiter, text));
        ws.binaryMessageHandler(data -> {
            c.touched();
            c.send(FrameCodec.error(FrameCodec.BAD_FRAME, "frames are JSON text"));
        });
        ws.pongHandler(data -> c.touched());
        ws.exceptionHandler(err -> log.debug("websocket error [connection: {}]", c.id(), err));
        long keepalive = vertx.setPeriodic(config.pingInterval().toMillis(), id -> keepalive(c));
        ws.closeHandler(v -> {
            vertx.cancelTimer(keepalive);
            closed(c);
        });
        if (bearerToken != null) {
            c.holdUntilWelcome();
        }
        handshake.begin(c, bearerToken, checked, () -> c.releaseHeld().forEach(frame -> handle(c, frame)));
    }

    private void onText(Connection c, InboundLimiter limiter, String text) {
        c.touched();
        metrics.frameIn();
        if (c.closing()) {
            return;
        }
        if (tooBig(text)) {
            c.close(CloseCodes.MESSAGE_TOO_BIG, "frames may be at most " + config.maxFrameBytes() + " bytes");
            return;
        }
        switch (limiter.hit()) {
            case WARN -> c.send(FrameCodec.error(FrameCodec.RATE_LIMITED,
                    "more than " + config.maxFramesPerSecond() + " frames per second; frames dropped"));
            case CLOSE -> c.fail(FrameCodec.RATE_LIMITED, "too many frames per second", CloseCodes.TOO_MANY_FRAMES);
            case DROP -> { }
            case ACCEPT -> dispatch(c, text);
        }
    }

    private void dispatch(Connection c, String text) {
        FrameCodec.ClientFrame frame = FrameCodec.decode(text);
        if (frame == null) {
            c.send(FrameCodec.error(FrameCodec.BAD_FRAME, "a frame is a JSON object with a string type"));
            return;
        }
        if (c.authenticated() && !c.holding()) {
            handle(c, frame);
        } else if (c.holding()) {
            if (!c.hold(frame)) {
                c.fail(FrameCodec.RATE_LIMITED, "more than " + Connection.MAX_HELD_FRAMES + " frames before welcome",
                        CloseCodes.TOO_MANY_FRAMES);
            }
        } else if (frame.type().equals("auth")) {
            frames.auth(c, frame.body());
        } else {
            c.fail(FrameCodec.UNAUTHORIZED, "authenticate first with an auth frame", CloseCodes.AUTH_TIMEOUT);
        }
    }

    /** Handles frames one at a time, in arrival order: a frame waits while an earlier one is still taking effect. */
    private void handle(Connection c, FrameCodec.ClientFrame frame) {
        if (c.handling()) {
            if (!c.await(frame)) {
                c.fail(FrameCodec.RATE_LIMITED, "more than " + Connection.MAX_HELD_FRAMES + " frames waiting",
                        CloseCodes.TOO_MANY_FRAMES);
            }
            return;
        }
        FrameCodec.ClientFrame next = frame;
        while (next != null) {
            Future<Void> done = frames.handle(c, next);
            if (!done.isComplete()) {
                c.handling(true);
                // completes on the connection's context (see ClientFrames), so the next frame follows in the same task
                done.onComplete(ar -> {
                    c.handling(false);
                    FrameCodec.ClientFrame waiting = c.nextWaiting();
                    if (waiting != null) {
                        handle(c, waiting);
                    }
                });
                return;
            }
            next = c.nextWaiting();
        }
    }

    private boolean tooBig(String text) {
        int max = config.maxFrameBytes();
        return text.length() > max || (text.length() * 3L > max && text.getBytes(StandardCharsets.UTF_8).length > max);
    }

    private void keepalive(Connection c) {
        if (System.nanoTime() - c.lastInboundAt() > config.idleTimeout().toNanos()) {
            c.close(CloseCodes.IDLE_TIMEOUT, "idle for " + config.idleTimeout().toSeconds() + " s");
            return;
        }
        c.socket().writePing(PING);
    }

    private void slowConsumer(Connection c) {
        metrics.slowConsumerClosed();
        log.info("slow consumer closed [connection: {}, tenant: {}]", c.id(), c.principal() == null ? null : c.tenantId());
        c.close(CloseCodes.SLOW_CONSUMER, "the client did not read fast enough");
    }

    private void closed(Connection c) {
        c.outbound().close();
        if (registry.remove(c)) {
            if (c.principal().isPerson()) { // API key sockets never counted towards presence
                presence.disconnected(c);
            }
            typing.left(c);
        }
    }
}
