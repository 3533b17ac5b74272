package dev.switchboard.ai;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * Reads a server-sent event stream as it arrives and hands each event ({@code event} name, joined {@code data} lines)
 * to a consumer. Keeps the first few kilobytes as text, so an error answer (plain JSON, no events) can be reported.
 */
final class SseSink implements WriteStream<Buffer> {

    private static final int KEPT = 2_000;

    private final BiConsumer<String, String> onEvent;
    private final StringBuilder pending = new StringBuilder();
    private final StringBuilder kept = new StringBuilder();
    private String event;
    private StringBuilder data;
    private int events;

    SseSink(BiConsumer<String, String> onEvent) {
        this.onEvent = onEvent;
    }

    /** The start of what was received, for error messages. */
    String received() {
        return kept.toString();
    }

    /** How many events were handed on. */
    int events() {
        return events;
    }

    @Override
    public Future<Void> write(Buffer chunk) {
        String text = chunk.toString(StandardCharsets.UTF_8);
        if (kept.length() < KEPT) {
            kept.append(text, 0, Math.min(text.length(), KEPT - kept.length()));
        }
        pending.append(text);
        int newline;
        while ((newline = pending.indexOf("\n")) >= 0) {
            String line = pending.substring(0, newline);
            pending.delete(0, newline + 1);
            line(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
        return Future.succeededFuture();
    }

    private void line(String line) {
        if (line.isEmpty()) {
            dispatch();
        } else if (line.startsWith("event:")) {
            event = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
            String value = line.substring(5);
            value = value.startsWith(" ") ? value.substring(1) : value;
            data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        }
    }

    private void dispatch() {
        if (data != null) {
            events++;
            onEvent.accept(event, data.toString());
        }
        event = null;
        data = null;
    }

    @Override
    public Future<Void> end() {
        if (pending.length() > 0) {
            line(pending.toString());
            pending.setLength(0);
        }
        dispatch();
        return Future.succeededFuture();
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        return this;
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        return this;
    }

    @Override
    public boolean writeQueueFull() {
        return false;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        return this;
    }
}
