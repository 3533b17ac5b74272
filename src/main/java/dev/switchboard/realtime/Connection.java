package dev.switchboard.realtime;

import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One WebSocket and what the gateway knows about it: who it is (once authenticated), the channels it
 * holds, its outbound queue and its timers. Mutable state is touched on the socket's own context only;
 * other threads reach it through {@link #send}, which hops onto that context, or hop themselves ({@link Fanout}).
 */
public final class Connection {

    private final UUID id = Ids.next();
    private final ServerWebSocket ws;
    private final Context context;
    private final Set<String> channels = ConcurrentHashMap.newKeySet();
    private final ReadDecisions reads;
    private final RequestMeta meta;
    private volatile Principal principal;
    private Outbound outbound;
    private Instant tokenExpiresAt;
    private long principalCheckedAt;
    private boolean principalStale;
    private long lastInboundAt = System.nanoTime();
    private volatile boolean closing;
    private List<FrameCodec.ClientFrame> held;
    private final ArrayDeque<FrameCodec.ClientFrame> waiting = new ArrayDeque<>();
    private boolean handling;
    private Long resumePoint;
    private InboundLimiter broadcasts;

    Connection(ServerWebSocket ws, Context context, ReadDecisions reads, RequestMeta meta) {
        this.ws = ws;
        this.context = context;
        this.reads = reads;
        this.meta = meta;
    }

    /** Where the upgrade request came from. */
    RequestMeta meta() {
        return meta;
    }

    void attach(Outbound outbound) {
        this.outbound = outbound;
    }

    public UUID id() {
        return id;
    }

    /** The authenticated caller; null before authentication. */
    public Principal principal() {
        return principal;
    }

    public UUID tenantId() {
        return principal.tenantId();
    }

    public UUID userId() {
        return principal.userId();
    }

    boolean authenticated() {
        return principal != null;
    }

    void authenticated(Principal p, Instant expiresAt) {
        if (principal != null && !principal.equals(p)) {
            reads.clear();
        }
        this.principal = p;
        this.tokenExpiresAt = expiresAt;
        this.principalCheckedAt = System.nanoTime();
        this.principalStale = false;
    }

    /** A fresher view of the same user (permissions, teams); read decisions made under the old one are dropped. */
    void refreshed(Principal p) {
        authenticated(p, tokenExpiresAt);
    }

    /** Whether the principal may be trusted without asking again: checked within {@code ttlNanos} and not known stale. */
    boolean principalFresh(long ttlNanos) {
        return !principalStale && System.nanoTime() - principalCheckedAt < ttlNanos;
    }

    /** The user's access changed: the next decision reads the principal again, and past record reads are forgotten. */
    void principalChanged() {
        principalStale = true;
        reads.clear();
    }

    Instant tokenExpiresAt() {
        return tokenExpiresAt;
    }

    ReadDecisions reads() {
        return reads;
    }

    Set<String> channels() {
        return channels;
    }

    public boolean holds(String channel) {
        return channels.contains(channel);
    }

    Context context() {
        return context;
    }

    ServerWebSocket socket() {
        return ws;
    }

    Outbound outbound() {
        return outbound;
    }

    void touched() {
        lastInboundAt = System.nanoTime();
    }

    long lastInboundAt() {
        return lastInboundAt;
    }

    /** Queues a control frame (presence, typing, error, pong); safe from any thread. */
    public void send(JsonObject frame) {
        context.runOnContext(v -> {
            if (outbound != null) {
                outbound.frame(frame);
            }
        });
    }

    /** Queues an encoded control frame; call on this connection's context ({@link Broadcast} does). */
    void write(TextFrame text) {
        if (outbound != null) {
            outbound.text(text);
        }
    }

    /** Hands an event to the recipient filter and delivery; call on this connection's context ({@link Fanout} does). */
    void deliver(Delivery event, String channel) {
        if (outbound != null) {
            outbound.event(event, channel);
        }
    }

    /** Closes with a code from {@link CloseCodes}; later frames are dropped. Safe from any thread. */
    public void close(short code, String reason) {
        closing = true;
        context.runOnContext(v -> {
            if (outbound != null) {
                outbound.close();
            }
            if (!ws.isClosed()) {
                ws.close(code, reason);
            }
        });
    }

    boolean closing() {
        return closing;
    }

    /** Frames that arrive while the upgrade's token is being checked wait for {@code welcome}, up to this many. */
    static final int MAX_HELD_FRAMES = 64;

    /** From now until {@link #releaseHeld}, frames are held instead of refused (the upgrade carried a token). */
    void holdUntilWelcome() {
        held = new ArrayList<>();
    }

    boolean holding() {
        return held != null;
    }

    /** Holds {@code frame} for after {@code welcome}; false when too many already wait. */
    boolean hold(FrameCodec.ClientFrame frame) {
        if (held.size() >= MAX_HELD_FRAMES) {
            return false;
        }
        held.add(frame);
        return true;
    }

    /** The held frames, in arrival order; frames are no longer held. */
    List<FrameCodec.ClientFrame> releaseHeld() {
        List<FrameCodec.ClientFrame> frames = held == null ? List.of() : held;
        held = null;
        return frames;
    }

    /** The {@code lastEventId} of the client's {@code resume}, from which later subscriptions catch up; null before one. */
    Long resumePoint() {
        return resumePoint;
    }

    void resumePoint(long lastEventId) {
        resumePoint = lastEventId;
    }

    /** Counts this socket's {@code broadcast} frames against {@code perSecond}. */
    InboundLimiter.Verdict broadcastHit(int perSecond) {
        if (broadcasts == null) {
            broadcasts = new InboundLimiter(perSecond);
        }
        return broadcasts.hit();
    }

    /** Whether a frame is being handled; later frames wait for it ({@link #await}). */
    boolean handling() {
        return handling;
    }

    void handling(boolean handling) {
        this.handling = handling;
    }

    /** Queues a frame behind the one being handled; false when too many already wait. */
    boolean await(FrameCodec.ClientFrame frame) {
        if (waiting.size() >= MAX_HELD_FRAMES) {
            return false;
        }
        waiting.add(frame);
        return true;
    }

    /** The next frame that waited, or null. */
    FrameCodec.ClientFrame nextWaiting() {
        return waiting.poll();
    }

    /** Sends an error frame, then closes; the frame is written before the close frame. */
    void fail(String errorCode, String message, short closeCode) {
        context.runOnContext(v -> {
            closing = true;
            if (!ws.isClosed()) {
                ws.writeTextMessage(FrameCodec.error(errorCode, message).encode());
                if (outbound != null) {
                    outbound.close();
                }
                ws.close(closeCode, message);
            }
        });
    }
}
