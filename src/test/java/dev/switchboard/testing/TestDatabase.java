package dev.switchboard.testing;

import dev.switchboard.platform.config.DatabaseUrl;
import dev.switchboard.platform.config.DbConfig;
import dev.switchboard.platform.db.DatabaseBootstrap;
import dev.switchboard.platform.db.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One PostgreSQL server per test JVM, and a fresh database per test class cloned from a migrated
 * template. The server is embedded unless {@code SWITCHBOARD_TEST_DB_URL} names an external one.
 */
public final class TestDatabase {

    private static final String TEMPLATE = "switchboard_template";
    private static DatabaseUrl server;

    private TestDatabase() {
    }

    /** The superuser address of a new, migrated, empty database. */
    public static synchronized DatabaseUrl newDatabase() {
        DatabaseUrl admin = server();
        String name = "switchboard_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(admin, "CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
        return admin.withDatabase(name);
    }

    /** A JDBC connection as the superuser (bypasses RLS): for arranging and inspecting state. */
    public static Connection connect(DatabaseUrl url) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", url.user());
        if (url.password() != null) {
            p.setProperty("password", url.password());
        }
        return DriverManager.getConnection(url.jdbcUrl(), p);
    }

    /** One number from a superuser query, such as a count; parameters bound in order. */
    public static long queryLong(DatabaseUrl url, String sql, Object... params) {
        try (Connection c = connect(url); java.sql.PreparedStatement st = c.prepareStatement(sql)) {
            bind(st, params);
            try (java.sql.ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Runs a superuser statement and returns the number of rows it changed. */
    public static int update(DatabaseUrl url, String sql, Object... params) {
        try (Connection c = connect(url); java.sql.PreparedStatement st = c.prepareStatement(sql)) {
            bind(st, params);
            return st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static void bind(java.sql.PreparedStatement st, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            st.setObject(i + 1, params[i]);
        }
    }

    /** The server's maintenance database ({@code postgres}) as superuser. */
    public static synchronized DatabaseUrl server() {
        if (server == null) {
            server = startServer();
            execute(server, "DROP DATABASE IF EXISTS " + TEMPLATE);
            execute(server, "CREATE DATABASE " + TEMPLATE);
            DatabaseBootstrap.prepare(server.withDatabase(TEMPLATE), new DbConfig(null, null, 1, 1, null, null), false);
        }
        return server;
    }

    private static DatabaseUrl startServer() {
        String external = System.getenv("SWITCHBOARD_TEST_DB_URL");
        if (external != null && !external.isBlank()) {
            return DatabaseUrl.parse("SWITCHBOARD_TEST_DB_URL", external).withDatabase("postgres");
        }
        try {
            Path dir = Files.createTempDirectory("switchboard-test-pg");
            EmbeddedDatabase embedded = EmbeddedDatabase.start(dir, false);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                    deleteTree(dir);
                } catch (IOException ignored) {
                    // the JVM is exiting; a leftover temp directory is harmless
                }
            }));
            return embedded.url("postgres");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void execute(DatabaseUrl url, String sql) {
        try (Connection c = connect(url); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
