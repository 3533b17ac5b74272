package dev.switchboard.auth;

import dev.switchboard.platform.config.AuthConfig;
import dev.switchboard.platform.db.Db;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the token signing keys: the configured PEM file, or the keys kept in the database, generating
 * one on the very first start. Several nodes starting at once agree on the same key.
 */
public final class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    static final String ACTIVE = "SELECT kid, private_pem FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC, kid";
    static final String INSERT = "INSERT INTO signing_keys (kid, algorithm, private_pem) VALUES ($1, 'ES256', $2) ON CONFLICT DO NOTHING";
    private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('signing_keys'))";

    private SigningKeys() {
    }

    /** The keys tokens may be verified with, newest (the one that signs) first. */
    public static Future<List<SigningKey>> load(Vertx vertx, Db db, AuthConfig config) {
        if (config.signingKeyFile() != null) {
            return vertx.fileSystem().readFile(config.signingKeyFile().toString())
                    .map(buffer -> List.of(SigningKey.fromPem(buffer.toString())));
        }
        return db.withoutTenant(conn -> conn.query(LOCK).execute()
                .compose(locked -> active(conn))
                .compose(keys -> keys.isEmpty() ? create(conn) : Future.succeededFuture(keys)));
    }

    private static Future<List<SigningKey>> active(SqlConnection conn) {
        return conn.query(ACTIVE).execute().map(rows -> {
            List<SigningKey> keys = new ArrayList<>();
            for (Row row : rows) {
                keys.add(SigningKey.fromPem(row.getString("private_pem")));
            }
            return keys;
        });
    }

    private static Future<List<SigningKey>> create(SqlConnection conn) {
        SigningKey key = SigningKey.generate();
        log.info("generated token signing key [kid: {}]", key.kid());
        return conn.preparedQuery(INSERT).execute(Tuple.of(key.kid(), key.privatePem())).compose(v -> active(conn));
    }
}
