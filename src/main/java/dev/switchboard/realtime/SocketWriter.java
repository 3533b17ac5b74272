package dev.switchboard.realtime;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SingleThreadEventLoop;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one connection's frames without flushing each: the socket is flushed once, after the event-loop turn in
 * which frames were written to it, so a burst of frames to a connection costs one write to the kernel instead of one
 * per frame. Frames too large for one WebSocket frame, and writes from outside the socket's event loop, go through
 * Vert.x and are flushed at once (which also flushes what is pending, in order).
 */
final class SocketWriter {

    /** The writers of this event loop's turn that still need their flush. */
    private static final ThreadLocal<List<SocketWriter>> TURN = ThreadLocal.withInitial(ArrayList::new);

    private final ServerWebSocket ws;
    private final ChannelHandlerContext channel;
    private final SingleThreadEventLoop loop;
    private boolean flushPending;

    SocketWriter(ServerWebSocket ws) {
        ChannelHandlerContext ctx = ws instanceof WebSocketInternal internal ? internal.channelHandlerContext() : null;
        this.ws = ws;
        this.loop = ctx != null && ctx.executor() instanceof SingleThreadEventLoop l ? l : null;
        this.channel = loop == null ? null : ctx;
    }

    /** Writes {@code frame}; {@code done} runs on the event loop once the kernel took it, or the write failed. */
    void write(TextFrame frame, Runnable done) {
        if (channel == null || frame.length() > TextFrame.MAX_SINGLE_FRAME || !loop.inEventLoop()) {
            frame.writeTo(ws).onComplete(result -> done.run());
            return;
        }
        channel.write(frame.toNetty()).addListener(future -> done.run());
        if (!flushPending) {
            flushPending = true;
            List<SocketWriter> turn = TURN.get();
            if (turn.isEmpty()) {
                loop.executeAfterEventLoopIteration(SocketWriter::flushTurn);
            }
            turn.add(this);
        }
    }

    private static void flushTurn() {
        List<SocketWriter> turn = TURN.get();
        for (SocketWriter writer : turn) {
            writer.flushPending = false;
            writer.channel.flush();
        }
        turn.clear();
    }
}
