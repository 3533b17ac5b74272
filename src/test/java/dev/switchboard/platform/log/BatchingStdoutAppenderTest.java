package dev.switchboard.platform.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchingStdoutAppenderTest {

    /** Records what was written and how many writes it took. */
    private static final class Output extends ByteArrayOutputStream {
        final AtomicInteger writes = new AtomicInteger();

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes.incrementAndGet();
            super.write(b, off, len);
        }

        synchronized List<JsonObject> lines() {
            List<JsonObject> lines = new ArrayList<>();
            for (String line : toString(StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty()) {
                    lines.add(new JsonObject(line));
                }
            }
            return lines;
        }
    }

    private static LoggerContext context() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        return context;
    }

    private static BatchingStdoutAppender appender(LoggerContext context, Output out, int queueSize, int lingerMillis) {
        BatchingStdoutAppender appender = new BatchingStdoutAppender();
        appender.setContext(context);
        appender.setName("test");
        JsonLogEncoder encoder = new JsonLogEncoder();
        encoder.setContext(context);
        encoder.start();
        appender.setEncoder(encoder);
        appender.setQueueSize(queueSize);
        appender.setLingerMillis(lingerMillis);
        appender.setOutput(out);
        appender.start();
        return appender;
    }

    @Test
    void linesFromManyThreadsArriveWholeInOrderPerThreadAndInFewWrites() throws Exception {
        LoggerContext context = context();
        Output out = new Output();
        BatchingStdoutAppender appender = appender(context, out, 100_000, 5);
        Logger logger = context.getLogger("access");
        logger.addAppender(appender);
        int threads = 8;
        int perThread = 2_000;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    logger.atInfo().addKeyValue("worker", thread).addKeyValue("n", i).log("request");
                }
                done.countDown();
            }).start();
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        appender.stop();

        List<JsonObject> lines = out.lines();
        assertEquals(threads * perThread, lines.size());
        int[] next = new int[threads];
        for (JsonObject line : lines) {
            assertEquals("request", line.getString("msg"));
            int thread = line.getInteger("worker");
            assertEquals(next[thread]++, line.getInteger("n"), "lines of one thread stay in order");
        }
        assertTrue(out.writes.get() < lines.size() / 10,
                out.writes.get() + " writes for " + lines.size() + " lines: not batched");
    }

    @Test
    void aLineIsWrittenWithinMillisecondsWhenNothingElseComes() throws Exception {
        LoggerContext context = context();
        Output out = new Output();
        BatchingStdoutAppender appender = appender(context, out, 16, 5);
        Logger logger = context.getLogger("app");
        logger.addAppender(appender);

        logger.warn("alone");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (out.lines().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        List<JsonObject> lines = out.lines();
        assertEquals(1, lines.size());
        assertEquals("alone", lines.get(0).getString("msg"));
        assertEquals("WARN", lines.get(0).getString("level"));
        appender.stop();
    }

    @Test
    void whenTheQueueIsFullLinesAreDroppedAndCountedNotBlocked() throws Exception {
        LoggerContext context = context();
        Output out = new Output();
        // a long linger keeps the writer away while the queue of 10 fills
        BatchingStdoutAppender appender = appender(context, out, 10, 500);
        Logger logger = context.getLogger("app");
        logger.setLevel(Level.INFO);
        logger.addAppender(appender);

        for (int i = 0; i < 100; i++) {
            logger.info("line {}", i);
        }
        appender.stop();

        List<JsonObject> lines = out.lines();
        List<JsonObject> notices = lines.stream().filter(l -> l.getString("msg").endsWith("the output could not keep up")).toList();
        assertTrue(notices.stream().allMatch(n -> n.getString("level").equals("WARN")));
        long droppedCount = notices.stream().mapToLong(n -> Long.parseLong(n.getString("msg").split(" ")[0])).sum();
        long written = lines.stream().filter(l -> l.getString("msg").startsWith("line ")).count();
        assertEquals(100, written + droppedCount, "every line is either written or counted as dropped");
        assertTrue(droppedCount >= 80, droppedCount + " dropped");
    }
}
