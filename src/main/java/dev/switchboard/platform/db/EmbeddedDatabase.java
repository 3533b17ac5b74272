package dev.switchboard.platform.db;

import dev.switchboard.platform.config.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run by this process, with its files under the data directory so they survive
 * restarts. Used when no database URL is configured. The process holds a lock on the data directory while the
 * server runs, so a second server started on the same directory refuses to start instead of taking over the
 * first one's database; the operating system releases the lock when the process ends, however it ends.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    static final String DATABASE = "switchboard";
    private static final String LOCK_FILE = "switchboard.lock";
    /**
     * The longest socket directory: a Unix socket's address holds 107 bytes, and the server names its socket
     * {@code .s.PGSQL.<port>} inside the directory.
     */
    private static final int MAX_SOCKET_DIRECTORY = 90;

    private final EmbeddedPostgres postgres;
    private final FileChannel lock;
    private final String socketDirectory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, FileChannel lock, String socketDirectory) {
        this.postgres = postgres;
        this.lock = lock;
        this.socketDirectory = socketDirectory;
    }

    /**
     * Starts (initialising on first use) the server in {@code dataDir/postgres}; blocking, call before Vert.x starts.
     *
     * @param durable false only for throwaway test clusters: commits then skip waiting for the WAL flush
     */
    public static EmbeddedDatabase start(Path dataDir, boolean durable) throws IOException {
        Path dir = dataDir.toAbsolutePath().normalize();
        Path pgData = dir.resolve("postgres");
        Files.createDirectories(pgData);
        FileChannel lock = lock(dir);
        // The server's socket sits in its own data directory, which only this server uses, when the path is short enough.
        String sockets = pgData.toString().length() <= MAX_SOCKET_DIRECTORY ? pgData.toString() : null;
        EmbeddedPostgres postgres;
        try {
            stopLeftover(pgData);
            postgres = build(pgData, dir.resolve("postgres.log"), durable, sockets);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        EmbeddedDatabase db = new EmbeddedDatabase(postgres, lock, sockets);
        db.createDatabase(DATABASE);
        log.info("embedded postgresql started [port: {}, data: {}]", postgres.getPort(), pgData);
        return db;
    }

    /**
     * Locks {@code dataDir} for this process; fails when another process (another server on the same directory)
     * holds it. A server killed with {@code kill -9} holds nothing any more, so its leftover database is still
     * stopped and restarted by the next start.
     */
    private static FileChannel lock(Path dataDir) throws IOException {
        FileChannel channel = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held;
        try {
            held = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            held = null; // this process runs a server on it already
        }
        if (held == null) {
            channel.close();
            throw new IOException("another server is running on the data directory " + dataDir
                    + ": stop it first, or give this one a data directory of its own");
        }
        return channel;
    }

    private static EmbeddedPostgres build(Path pgData, Path logFile, boolean durable, String sockets) throws IOException {
        long logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
        try {
            return start(pgData, logFile, durable, sockets);
        } catch (IOException | RuntimeException e) {
            // the server's own reason is in its log, not in the exception: name it in the failure
            String reason = lastFatal(logFile, logStart);
            throw new IOException("the embedded postgresql in " + pgData + " did not start"
                    + (reason == null ? "" : ": " + reason) + " (log: " + logFile + ")", e);
        }
    }

    private static EmbeddedPostgres start(Path pgData, Path logFile, boolean durable, String sockets) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setServerConfig("max_connections", "300")
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("unix_socket_directories", sockets == null ? "" : sockets)
                .setServerConfig("synchronous_commit", durable ? "on" : "off")
                // Sized for a single-node server on a small machine: the hot tables stay cached, checkpoints
                // (and the full-page writes after them) are rare under write load, and cheap OLTP queries never
                // pay for JIT compilation. Durability settings are left alone.
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("max_wal_size", "4GB")
                .setServerConfig("checkpoint_timeout", "15min")
                .setServerConfig("jit", "off")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
    }

    /**
     * The last FATAL, PANIC or error line the server (or initdb) wrote to its log after {@code from} (this start's
     * lines only), e.g. a data directory of another version; null when there is none.
     */
    private static String lastFatal(Path logFile, long from) {
        try {
            byte[] all = Files.exists(logFile) ? Files.readAllBytes(logFile) : new byte[0];
            String written = new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from),
                    java.nio.charset.StandardCharsets.UTF_8);
            String last = null;
            for (String line : written.split("\n")) {
                if (line.contains("FATAL:") || line.contains("PANIC:") || line.contains(": error:")) {
                    last = line.trim(); // e.g. "initdb: error: directory ... exists but is not empty"
                }
            }
            return last;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Stops a server a previous run left behind on {@code pgData} (the JVM was killed, so nothing stopped it): it
     * holds the data directory's lock, and a new one could not start. A fast shutdown keeps every committed
     * transaction.
     */
    private static void stopLeftover(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (RuntimeException e) {
            return; // unreadable: the server's own start-up decides what to do with it
        }
        ProcessHandle leftover = ProcessHandle.of(pid).filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false))
                .orElse(null);
        if (leftover == null) {
            return;
        }
        log.warn("stopping the embedded postgresql a previous run left behind [pid: {}, data: {}]", pid, pgData);
        leftover.destroy(); // SIGTERM: a smart shutdown that waits for nothing here, since its clients are gone
        try {
            leftover.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("the embedded postgresql left by a previous run (pid " + pid + ") did not stop", e);
        }
    }

    /** The superuser address of one database on this server. */
    public DatabaseUrl url(String database) {
        return new DatabaseUrl("localhost", postgres.getPort(), database, "postgres", null);
    }

    public DatabaseUrl url() {
        return url(DATABASE);
    }

    /**
     * The directory of the server's Unix socket, or null when it has none (its data directory's path is too long for
     * one). On the same machine a socket spares every round trip the loopback TCP stack, on both sides.
     */
    public String socketDirectory() {
        return socketDirectory;
    }

    /** Creates {@code name} (optionally from a template) unless it exists. */
    public void createDatabase(String name, String template) {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE \"" + name + "\"" + (template == null ? "" : " TEMPLATE \"" + template + "\""));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }

    public void createDatabase(String name) {
        createDatabase(name, null);
    }

    @Override
    public void close() throws IOException {
        try {
            postgres.close();
            log.info("embedded postgresql stopped");
        } finally {
            lock.close();
        }
    }
}
