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
        try {
            config = ConfigLoader.load(System.getenv());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        try {
            Application app = Application.start(config);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                app.close();
                // Flushes the asynchronous log appender so the last lines are not lost.
                ((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory()).stop();
            }, "switchboard-shutdown"));
        } catch (Exception e) {
            log.error("startup failed", e);
            System.err.println("startup failed: " + rootMessage(e));
            System.exit(1);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
