package dev.switchboard.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts Vert.x blocked-thread warnings; wired in logback-test.xml and checked when each test server stops. */
public final class BlockedThreadWatch extends AppenderBase<ILoggingEvent> {

    private static final AtomicInteger WARNINGS = new AtomicInteger();
    private static volatile String last;

    @Override
    protected void append(ILoggingEvent event) {
        WARNINGS.incrementAndGet();
        last = event.getFormattedMessage();
    }

    public static int warnings() {
        return WARNINGS.get();
    }

    public static String lastWarning() {
        return last;
    }
}
