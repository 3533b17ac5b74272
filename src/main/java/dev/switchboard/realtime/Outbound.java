package dev.switchboard.realtime;

import dev.switchboard.platform.bus.EventEnvelope;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;

/**
 * One connection's bounded outbound queue, drained in order on the connection's own context: control
 * frames as they are, events after the recipient filter and once per event id. While a resume replays,
 * live events are held back and follow the replayed ones. When the queue outgrows its bound (the client
 * does not read; frames the socket still holds count too), the overflow callback closes the connection; other
 * connections never wait for it.
 */
final class Outbound {

    /** Distinct event ids remembered per connection, to drop the same event arriving twice. */
    static final int DEDUPE_WINDOW = 1024;

    /** Decides whether an event may reach this connection on a channel. */
    interface Filter {
        Future<Boolean> allows(String channel, Delivery event);

        /** The decision when it needs no I/O, else null. */
        Boolean decideNow(String channel, Delivery event);
    }

    private record Item(TextFrame text, Delivery event, String channel, boolean live) {
    }

    private final ServerWebSocket ws;
    private final SocketWriter writer;
    private final Context context;
    private final int maxQueued;
    private final Filter filter;
    private final RealtimeMetrics metrics;
    private final Runnable onOverflow;
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private final RecentIds delivered = new RecentIds(DEDUPE_WINDOW);
    private ArrayDeque<Item> held;
    private boolean busy;
    private boolean closed;
    /** Frames handed to the socket whose write to the kernel has not completed yet. */
    private int unwritten;

    Outbound(ServerWebSocket ws, Context context, int maxQueued, Duration flushInterval, Filter filter,
             RealtimeMetrics metrics, Runnable onOverflow) {
        this.ws = ws;
        this.writer = new SocketWriter(ws, flushInterval);
        this.context = context;
        this.maxQueued = maxQueued;
        this.filter = filter;
        this.metrics = metrics;
        this.onOverflow = onOverflow;
    }

    void frame(JsonObject frame) {
        text(TextFrame.of(frame));
    }

    /** A control frame already encoded (one encoding shared by many connections). */
    void text(TextFrame text) {
        enqueue(new Item(text, null, null, false));
    }

    /** A live event; written at once when nothing is queued before it and the filter can decide without I/O. */
    void event(Delivery event, String channel) {
        if (closed) {
            return;
        }
        if (held == null && queue.isEmpty() && !busy && !ws.writeQueueFull()) {
            // a repeated id is dropped by deliver(), which remembers the ids it writes
            Boolean allowed = filter.decideNow(channel, event);
            if (allowed != null) {
                deliver(event, channel, allowed, true);
                return;
            }
        }
        Item item = new Item(null, event, channel, true);
        if (held == null) {
            enqueue(item);
            return;
        }
        held.add(item);
        checkBound();
    }

    /** Holds live events back until {@link #endReplay}. */
    void beginReplay() {
        if (held == null) {
            held = new ArrayDeque<>();
        }
    }

    /** Queues the replayed events (already in seq order), then the live ones that arrived meanwhile. */
    void endReplay(List<Routed> replayed) {
        replayed.forEach(r -> queue.add(new Item(null, new Delivery(r.event(), List.of(r.channel())), r.channel(), false)));
        if (held != null) {
            queue.addAll(held);
            held = null;
        }
        if (!checkBound()) {
            pump();
        }
    }

    void close() {
        closed = true;
        queue.clear();
        held = null;
    }

    private void enqueue(Item item) {
        if (closed) {
            return;
        }
        queue.add(item);
        if (!checkBound()) {
            pump();
        }
    }

    /**
     * True when the bound was exceeded and the connection is being closed. The bound counts every frame not yet
     * written to the kernel: queued here, held back behind a replay, or handed to the socket and still in its buffer.
     */
    private boolean checkBound() {
        int size = queue.size() + (held == null ? 0 : held.size()) + unwritten;
        if (closed || size <= maxQueued) {
            return closed;
        }
        close();
        onOverflow.run();
        return true;
    }

    private void pump() {
        while (!busy && !closed && !queue.isEmpty()) {
            if (ws.writeQueueFull()) {
                ws.drainHandler(v -> pump());
                return;
            }
            Item item = queue.poll();
            if (item.text != null) {
                write(item.text);
                continue;
            }
            if (delivered.contains(item.event.id())) {
                continue;
            }
            Future<Boolean> allowed = filter.allows(item.channel, item.event);
            if (allowed.isComplete()) {
                deliver(item.event, item.channel, allowed.succeeded() && allowed.result(), item.live);
                continue;
            }
            busy = true;
            allowed.onComplete(result -> context.runOnContext(v -> {
                busy = false;
                deliver(item.event, item.channel, result.succeeded() && result.result(), item.live);
                pump();
            }));
            return;
        }
    }

    private void deliver(Delivery event, String channel, boolean allowed, boolean live) {
        if (!allowed || closed || !delivered.add(event.id())) {
            return;
        }
        write(event.frame(channel));
        if (live) {
            metrics.delivered(event.occurredAtMillis());
        }
    }

    private void write(TextFrame text) {
        if (ws.isClosed()) {
            // the client went away while frames were on their way to this connection
            close();
            return;
        }
        unwritten++;
        writer.write(text, () -> unwritten--);
        metrics.frameOut();
        checkBound();
    }

    /** An event and the channel it reaches a connection on. */
    record Routed(EventEnvelope event, String channel) {
    }
}
