package dev.switchboard.platform.db;

import dev.switchboard.platform.config.DatabaseUrl;
import dev.switchboard.platform.config.DbConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares a database before the server takes traffic: the unprivileged application role, then the
 * Flyway migrations, run over JDBC as the owning user. Blocking; runs once at startup.
 */
public final class DatabaseBootstrap {

    /** The role request traffic runs as: owns nothing, cannot bypass row-level security. */
    public static final String APP_ROLE = "switchboard_app";

    private static final Logger log = LoggerFactory.getLogger(DatabaseBootstrap.class);

    private DatabaseBootstrap() {
    }

    /**
     * Migrates the database at {@code owner} and returns how the pool should connect.
     *
     * @param appLogin let {@link #APP_ROLE} log in itself (embedded server, trust authentication on localhost)
     */
    public static PoolTarget prepare(DatabaseUrl owner, DbConfig config, boolean appLogin) {
        try (Connection c = connect(owner)) {
            ensureAppRole(c, appLogin);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare database " + owner + ": " + e.getMessage(), e);
        }
        migrate(owner);
        if (appLogin) {
            return new PoolTarget(new DatabaseUrl(owner.host(), owner.port(), owner.database(), APP_ROLE, null), null);
        }
        if (config.appUser() != null) {
            return new PoolTarget(new DatabaseUrl(owner.host(), owner.port(), owner.database(), config.appUser(), config.appPassword()), null);
        }
        return new PoolTarget(owner, APP_ROLE);
    }

    public static void migrate(DatabaseUrl owner) {
        var result = Flyway.configure()
                .dataSource(owner.jdbcUrl(), owner.user(), owner.password())
                .locations("classpath:db/migration")
                .placeholders(Map.of("appRole", APP_ROLE))
                .load()
                .migrate();
        log.info("database migrated [database: {}, applied: {}, version: {}]",
                owner.database(), result.migrationsExecuted, result.targetSchemaVersion);
    }

    private static void ensureAppRole(Connection c, boolean appLogin) throws SQLException {
        try (Statement st = c.createStatement()) {
            boolean exists;
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + APP_ROLE + "'")) {
                exists = rs.next();
            }
            if (!exists) {
                try {
                    st.execute("CREATE ROLE " + APP_ROLE + " NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE");
                } catch (SQLException e) {
                    if (!"42710".equals(e.getSQLState())) { // created concurrently by another node
                        throw new SQLException("role " + APP_ROLE + " does not exist and this user cannot create it; "
                                + "create it (NOLOGIN NOBYPASSRLS) or grant CREATEROLE", e);
                    }
                }
            }
            if (appLogin) {
                st.execute("ALTER ROLE " + APP_ROLE + " LOGIN");
            } else if (!isSuperuser(st)) {
                st.execute("GRANT " + APP_ROLE + " TO CURRENT_USER");
            }
        }
    }

    private static boolean isSuperuser(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static Connection connect(DatabaseUrl url) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", url.user());
        if (url.password() != null) {
            p.setProperty("password", url.password());
        }
        return DriverManager.getConnection(url.jdbcUrl(), p);
    }

    /**
     * Where the pool connects.
     *
     * @param setRole a role to assume on every new connection, or null when the login already is the application role
     */
    public record PoolTarget(DatabaseUrl url, String setRole) {

        /** The same database, user and role, reached through the server's Unix socket in {@code directory}. */
        public PoolTarget throughSocket(String directory) {
            return new PoolTarget(new DatabaseUrl(directory, url.port(), url.database(), url.user(), url.password()), setRole);
        }
    }
}
