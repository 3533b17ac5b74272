package dev.switchboard.auth;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** Idempotency keys per tenant and user, with the first response to each. */
final class IdempotencyStore {

    /** Takes the key when it is new or older than 24 hours; returns no row when someone else holds it. */
    static final String CLAIM = """
            INSERT INTO idempotency_keys (tenant_id, user_id, key, request_hash) VALUES ($1, $2, $3, $4)
            ON CONFLICT (tenant_id, user_id, key) DO UPDATE
               SET request_hash = excluded.request_hash, status_code = NULL, response = NULL, content_type = NULL,
                   created_at = now(), completed_at = NULL
             WHERE idempotency_keys.created_at < now() - interval '24 hours'
            RETURNING key""";
    static final String FIND = """
            SELECT request_hash, status_code, response, content_type FROM idempotency_keys
            WHERE tenant_id = $1 AND user_id = $2 AND key = $3""";
    static final String COMPLETE = """
            UPDATE idempotency_keys SET status_code = $4, response = $5, content_type = $6, completed_at = now()
            WHERE tenant_id = $1 AND user_id = $2 AND key = $3""";
    static final String RELEASE = "DELETE FROM idempotency_keys WHERE tenant_id = $1 AND user_id = $2 AND key = $3";

    private IdempotencyStore() {
    }

    /** What is stored for a key another request already took. */
    record Existing(byte[] requestHash, Integer status, Buffer response, String contentType) {
    }

    /** True when this request now holds the key. */
    static Future<Boolean> claim(SqlConnection conn, UUID tenantId, UUID userId, String key, byte[] requestHash) {
        return conn.preparedQuery(CLAIM).execute(Tuple.of(tenantId, userId, key, Buffer.buffer(requestHash)))
                .map(rows -> rows.size() == 1);
    }

    static Future<Existing> find(SqlConnection conn, UUID tenantId, UUID userId, String key) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId, userId, key)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            return new Existing(r.getBuffer("request_hash").getBytes(), r.getInteger("status_code"), r.getBuffer("response"),
                    r.getString("content_type"));
        });
    }

    static Future<Void> complete(SqlConnection conn, UUID tenantId, UUID userId, String key, int status, Buffer body,
                                 String contentType) {
        return conn.preparedQuery(COMPLETE).execute(Tuple.from(new Object[] {tenantId, userId, key, status, body, contentType}))
                .mapEmpty();
    }

    static Future<Void> release(SqlConnection conn, UUID tenantId, UUID userId, String key) {
        return conn.preparedQuery(RELEASE).execute(Tuple.of(tenantId, userId, key)).mapEmpty();
    }
}
