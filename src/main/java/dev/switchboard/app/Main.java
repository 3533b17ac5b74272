package dev.switchboard.app;

import dev.switchboard.platform.config.AppConfig;
import dev.switchboard.platform.config.ConfigException;
import dev.switchboard.platform.config.ConfigLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Process entry point: configuration, startup, and shutdown on SIGTERM. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
        AppConfig config;
        ConfigLoader.Located located = ConfigLoader.locate(System.getenv());
        try {
            config = ConfigLoader.load(located, System.getenv());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        log.info(located.describe());
        try {
            Application app = Application.start(config);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                app.close();
                // Flushes the asynchronous log appender so the last lines are not lost.
                ((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory()).stop();
            }, "switchboard-shutdown"));
        } catch (Exception e) {
            log.error("startup failed", e);
            System.err.println(oneLine(e));
            System.exit(1);
        }
    }

    /**
     * The failure and its causes as one line: each message that adds something, outermost first, so the line says
     * both what failed and why (e.g. which database refused and the refusal).
     */
    static String oneLine(Throwable e) {
        StringBuilder line = new StringBuilder("startup failed");
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            String message = t.getMessage() == null ? (t.getCause() == null ? t.getClass().getSimpleName() : null)
                    : t.getMessage().replaceAll("\\s+", " ").trim();
            if (message != null && !message.isEmpty() && line.indexOf(message) < 0) {
                line.append(": ").append(message);
            }
        }
        return line.length() <= 1_000 ? line.toString() : line.substring(0, 1_000) + "…";
    }
}
