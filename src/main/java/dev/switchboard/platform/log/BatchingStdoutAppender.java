package dev.switchboard.platform.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes log lines to standard output from one background thread, a batch per system call. A logging thread (an
 * event loop, say) only queues its event; the writer takes the first event of a batch, waits {@code lingerMillis}
 * for more, then encodes everything queued by then and writes it at once. Under load, with a line per request, that
 * is one write and one wake-up of the writer every few milliseconds instead of one of each per line; a line still
 * reaches the output within a few milliseconds.
 *
 * <p>A logging thread never waits: when the queue is full (the output cannot keep up), a line is dropped, and the
 * writer reports how many with its next batch.
 */
public final class BatchingStdoutAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private static final int MAX_BATCH = 4096;

    private Encoder<ILoggingEvent> encoder;
    private int queueSize = 8192;
    private int lingerMillis = 5;
    private OutputStream out = new FileOutputStream(FileDescriptor.out);

    private BlockingQueue<ILoggingEvent> queue;
    private Thread writer;
    private volatile boolean stopping;
    private final AtomicLong dropped = new AtomicLong();
    /** The writer's buffer: one batch's lines. */
    private ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public void setLingerMillis(int lingerMillis) {
        this.lingerMillis = lingerMillis;
    }

    /** Where the lines go; standard output unless set (tests). */
    void setOutput(OutputStream out) {
        this.out = out;
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("no encoder for appender " + name);
            return;
        }
        queue = new ArrayBlockingQueue<>(queueSize);
        stopping = false;
        writer = new Thread(this::writeLoop, "log-writer");
        writer.setDaemon(true);
        writer.start();
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        if (!queue.offer(event)) {
            dropped.incrementAndGet();
        }
    }

    /** Writes what is queued, then stops the writer; waits at most a second for it. */
    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        stopping = true;
        writer.interrupt();
        try {
            writer.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeLoop() {
        List<ILoggingEvent> batch = new ArrayList<>();
        while (!stopping) {
            try {
                ILoggingEvent first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                if (lingerMillis > 0) {
                    Thread.sleep(lingerMillis);
                }
            } catch (InterruptedException e) {
                // stopping: write what is queued below
            }
            queue.drainTo(batch, MAX_BATCH - batch.size());
            write(batch);
        }
        while (queue.drainTo(batch, MAX_BATCH) > 0) {
            write(batch);
        }
    }

    private void write(List<ILoggingEvent> batch) {
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            batch.add(droppedNotice(lost));
        }
        for (ILoggingEvent event : batch) {
            try {
                buffer.writeBytes(encoder.encode(event));
            } catch (RuntimeException e) {
                addError("could not encode a log event", e);
            }
        }
        batch.clear();
        try {
            buffer.writeTo(out);
            out.flush();
        } catch (IOException e) {
            addError("could not write to standard output", e);
        }
        if (buffer.size() > 1024 * 1024) {
            buffer = new ByteArrayOutputStream(64 * 1024); // a burst's large buffer is not kept
        } else {
            buffer.reset();
        }
    }

    private ILoggingEvent droppedNotice(long lost) {
        LoggerContext context = (LoggerContext) getContext();
        LoggingEvent notice = new LoggingEvent(BatchingStdoutAppender.class.getName(),
                context.getLogger(BatchingStdoutAppender.class), Level.WARN,
                "{} log lines dropped: the output could not keep up", null, new Object[] {lost});
        notice.prepareForDeferredProcessing();
        return notice;
    }
}
