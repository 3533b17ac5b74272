package dev.switchboard.platform.secrets;

import dev.switchboard.platform.config.ConfigException;
import dev.switchboard.platform.config.DatabaseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a secrets key that cannot open what the database holds. The first start seals a known value with its key;
 * every later start, on any node, must open it, and one stored secret of each key that sealed any. Without this,
 * nodes given different keys all start and answer 500 on every secret the others wrote.
 */
public final class SecretsKeyCheck {

    private static final Logger log = LoggerFactory.getLogger(SecretsKeyCheck.class);
    private static final String KNOWN_VALUE = "switchboard secrets key check";

    static final String INSERT = "INSERT INTO secrets_key_check (id, sealed) VALUES (1, ?) ON CONFLICT (id) DO NOTHING";
    static final String READ = "SELECT sealed FROM secrets_key_check WHERE id = 1";
    static final String RESEAL = "UPDATE secrets_key_check SET sealed = ? WHERE id = 1 AND sealed = ?";
    static final String SAMPLES = "SELECT key_id, sealed FROM sealed_secret_samples()";

    private SecretsKeyCheck() {
    }

    /**
     * Blocking: call at startup, after the migrations, as the database's owner.
     *
     * @param setting how the operator names the key, for the message
     * @throws ConfigException when {@code box} cannot open the known value or a stored secret
     */
    public static void verify(DatabaseUrl owner, SecretBox box, String setting) {
        try (Connection c = connect(owner)) {
            String known = knownValue(c, box);
            if (!opens(box, known, KNOWN_VALUE)) {
                throw mismatch(setting, box, known);
            }
            if (box.needsReseal(known)) {
                update(c, RESEAL, box.seal(KNOWN_VALUE), known);
                log.info("secrets key check sealed again with the current key [key: {}]", box.currentKeyId());
            }
            try (PreparedStatement st = c.prepareStatement(SAMPLES); ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String sealed = rs.getString("sealed");
                    if (!opens(box, sealed, null)) {
                        throw mismatch(setting, box, sealed);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check the secrets key against database " + owner + ": " + e.getMessage(), e);
        }
    }

    private static String knownValue(Connection c, SecretBox box) throws SQLException {
        update(c, INSERT, box.seal(KNOWN_VALUE));
        try (PreparedStatement st = c.prepareStatement(READ); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Whether {@code sealed} opens, and to {@code expected} when that is given. */
    private static boolean opens(SecretBox box, String sealed, String expected) {
        try {
            String plain = box.open(sealed);
            return expected == null || expected.equals(plain);
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static ConfigException mismatch(String setting, SecretBox box, String sealed) {
        return new ConfigException("invalid configuration: " + setting + " (key " + box.currentKeyId()
                + ") cannot decrypt the secrets stored in this database (sealed with key " + SecretBox.keyIdOf(sealed)
                + "); every node must use the same SWITCHBOARD_SECRETS_KEY, and a replaced key belongs in"
                + " SWITCHBOARD_SECRETS_PREVIOUS_KEYS");
    }

    private static void update(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setString(i + 1, params[i]);
            }
            st.executeUpdate();
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
}
