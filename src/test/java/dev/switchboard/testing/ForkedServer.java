package dev.switchboard.testing;

import dev.switchboard.platform.config.DatabaseUrl;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server's {@code Main} in its own JVM on the test classpath, on a database the test JVM keeps (so killing the
 * server leaves the database up), for tests that kill it with {@code kill -9} or stop it with SIGTERM and start it
 * again with the same settings. Each start logs to {@code target/<name>-<n>.log}.
 */
public final class ForkedServer implements AutoCloseable {

    private static final String LOGBACK = """
            <configuration>
              <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
              </appender>
              <logger name="io.netty" level="WARN"/>
              <logger name="org.flywaydb" level="WARN"/>
              <logger name="io.zonky" level="WARN"/>
              <logger name="io.micrometer.core.instrument.MeterRegistry" level="ERROR"/>
              <logger name="access" level="WARN"/>
              <root level="INFO"><appender-ref ref="OUT"/></root>
            </configuration>
            """;

    private final String name;
    private final Map<String, String> env;
    private final int port;
    private final Http http;
    private Process process;
    private int starts;

    /** A server named {@code name} (for its log files) with {@code env} as its whole {@code SWITCHBOARD_*} environment. */
    public ForkedServer(String name, Map<String, String> env) {
        this.name = name;
        this.env = new HashMap<>(env);
        this.port = Integer.parseInt(env.get("SWITCHBOARD_HTTP_PORT"));
        this.http = new Http(port);
    }

    /**
     * Settings of a server on {@code db}: a free loopback port, one HTTP verticle, generous registration limits,
     * fast job polling and a short job lease (a job a killed server held runs again soon), and a fixed secrets key,
     * so a restart reads what the previous start sealed.
     */
    public static Map<String, String> env(DatabaseUrl db) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, String> env = new HashMap<>();
        env.put("SWITCHBOARD_HTTP_PORT", Integer.toString(freePort()));
        env.put("SWITCHBOARD_HTTP_HOST", "127.0.0.1");
        env.put("SWITCHBOARD_HTTP_INSTANCES", "1");
        env.put("SWITCHBOARD_DB_URL", db.toUri());
        env.put("SWITCHBOARD_DB_POOL_SIZE", "8");
        env.put("SWITCHBOARD_LIMITS_LOGIN_PER_MINUTE", "100000");
        env.put("SWITCHBOARD_LIMITS_REGISTER_PER_MINUTE", "100000");
        env.put("SWITCHBOARD_LIMITS_USER_REQUESTS", "1000000");
        env.put("SWITCHBOARD_LIMITS_ORGANIZATION_REQUESTS", "10000000");
        env.put("SWITCHBOARD_OUTBOX_POLL_INTERVAL", "100ms");
        // the test receivers (webhooks, email and lead providers) listen on loopback
        env.put("SWITCHBOARD_OUTBOUND_ALLOW_PRIVATE", "127.0.0.0/8,::1,localhost");
        env.put("SWITCHBOARD_JOBS_POLL_INTERVAL", "50ms");
        env.put("SWITCHBOARD_JOBS_VISIBILITY_TIMEOUT", "3s");
        env.put("SWITCHBOARD_JOBS_BACKOFF_BASE", "200ms");
        env.put("SWITCHBOARD_JOBS_BACKOFF_CAP", "1s");
        env.put("SWITCHBOARD_SECRETS_KEY", Base64.getEncoder().encodeToString(key));
        return env;
    }

    public int port() {
        return port;
    }

    /** A client of this server; it survives restarts (the port stays the same). */
    public Http http() {
        return http;
    }

    /** Forks a new JVM running {@code Main}; does not wait for it to be ready. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is running already");
        }
        starts++;
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlogback.configurationFile=" + logbackFile(), "-cp", classpath, "dev.switchboard.app.Main");
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(new File("target/" + name + "-" + starts + ".log"));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts and waits until {@code /health/ready} answers 200. */
    public void startAndAwaitReady() {
        start();
        awaitReady();
    }

    public void awaitReady() {
        Process p = process;
        Eventually.await(() -> {
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " exited with " + p.exitValue() + "; see target/" + name + "-" + starts + ".log");
            }
            try {
                return http.get("/health/ready", null).status() == 200;
            } catch (RuntimeException e) {
                return false;
            }
        }, Duration.ofSeconds(90), name + " ready");
    }

    /** {@code kill -9}: no shutdown hook runs, nothing is flushed or released. */
    public synchronized void kill() {
        end(true);
    }

    /** SIGTERM: the server shuts down cleanly. */
    public synchronized void stop() {
        end(false);
    }

    private void end(boolean forcibly) {
        if (process == null) {
            return;
        }
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(name + " did not exit within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** The Prometheus scrape. */
    public String metrics() {
        Http.Response r = http.get("/metrics", null);
        if (r.status() != 200) {
            throw new IllegalStateException("/metrics answered " + r);
        }
        return r.body().toString();
    }

    @Override
    public void close() {
        try {
            kill();
        } finally {
            http.close();
        }
    }

    private static synchronized String logbackFile() {
        Path file = Path.of("target", "forked-server-logback.xml");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, LOGBACK, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file.toAbsolutePath().toString();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
