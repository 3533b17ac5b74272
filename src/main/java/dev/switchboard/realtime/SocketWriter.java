package dev.switchboard.realtime;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SingleThreadEventLoop;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Writes one connection's frames without flushing each. A socket is flushed after the event-loop turn in which
 * frames were written to it, so a burst of frames costs one write to the kernel instead of one per frame; and a
 * socket flushed less than {@code flushInterval} ago waits until that much time has passed, so a socket that
 * receives many frames a second gets them a few at a time, in one write each, instead of one write per frame
 * (on loopback and in the kernel's TCP path that write costs more than the frame itself). A socket that receives
 * less often than once per interval is never held back. Frames too large for one WebSocket frame, and writes
 * from outside the socket's event loop, go through Vert.x and are flushed at once (which also flushes what is
 * pending, in order).
 */
final class SocketWriter {

    /** The writers of this event loop's turn that still need their flush. */
    private static final ThreadLocal<List<SocketWriter>> TURN = ThreadLocal.withInitial(ArrayList::new);
    /** The writers of this event loop waiting for their interval to pass; one timer flushes them all. */
    private static final ThreadLocal<List<SocketWriter>> PACED = ThreadLocal.withInitial(ArrayList::new);

    private final ServerWebSocket ws;
    private final ChannelHandlerContext channel;
    private final SingleThreadEventLoop loop;
    private final long intervalNanos;
    private boolean flushPending;
    private long flushedAt;

    SocketWriter(ServerWebSocket ws, Duration flushInterval) {
        ChannelHandlerContext ctx = ws instanceof WebSocketInternal internal ? internal.channelHandlerContext() : null;
        this.ws = ws;
        this.loop = ctx != null && ctx.executor() instanceof SingleThreadEventLoop l ? l : null;
        this.channel = loop == null ? null : ctx;
        this.intervalNanos = flushInterval.toNanos();
        this.flushedAt = System.nanoTime() - intervalNanos;
    }

    /** Writes {@code frame}; {@code done} runs on the event loop once the kernel took it, or the write failed. */
    void write(TextFrame frame, Runnable done) {
        if (channel == null || frame.length() > TextFrame.MAX_SINGLE_FRAME || !loop.inEventLoop()) {
            frame.writeTo(ws).onComplete(result -> done.run());
            return;
        }
        channel.write(frame.toNetty()).addListener(future -> done.run());
        if (flushPending) {
            return;
        }
        flushPending = true;
        long wait = flushedAt + intervalNanos - System.nanoTime();
        if (wait <= 0) {
            List<SocketWriter> turn = TURN.get();
            if (turn.isEmpty()) {
                loop.executeAfterEventLoopIteration(SocketWriter::flushTurn);
            }
            turn.add(this);
        } else {
            List<SocketWriter> paced = PACED.get();
            if (paced.isEmpty()) {
                // every writer that joins before the timer fires waited less than an interval
                loop.schedule(SocketWriter::flushPaced, wait, TimeUnit.NANOSECONDS);
            }
            paced.add(this);
        }
    }

    private void flush(long now) {
        flushPending = false;
        flushedAt = now;
        channel.flush();
    }

    private static void flushTurn() {
        flushAll(TURN.get());
    }

    private static void flushPaced() {
        flushAll(PACED.get());
    }

    /** Flushes {@code writers}; a write made meanwhile (by a flush's listener) starts a new list. */
    private static void flushAll(List<SocketWriter> writers) {
        SocketWriter[] due = writers.toArray(new SocketWriter[0]);
        writers.clear();
        long now = System.nanoTime();
        for (SocketWriter writer : due) {
            writer.flush(now);
        }
    }
}
