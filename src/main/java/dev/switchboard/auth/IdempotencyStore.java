package dev.switchboard.auth;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.UUID;

/** Idempotency keys per tenant and user, with the first response to each. */
final class IdempotencyStore {

    /**
     * Takes the key when it is new, older than 24 hours, or held by a request whose node died before its work committed
     * (a retry of the same request takes it over); returns no row when someone else holds it.
     */
    static final String CLAIM = """
            INSERT INTO idempotency_keys (tenant_id, user_id, key, request_hash, node, claim) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (tenant_id, user_id, key) DO UPDATE
               SET request_hash = excluded.request_hash, status_code = NULL, response = NULL, content_type = NULL,
                   created_at = now(), completed_at = NULL, node = excluded.node, claim = excluded.claim, applied_at = NULL
             WHERE idempotency_keys.created_at < now() - interval '24 hours'
                OR (idempotency_keys.status_code IS NULL AND idempotency_keys.applied_at IS NULL
                    AND idempotency_keys.request_hash = excluded.request_hash AND idempotency_keys.node IS NOT NULL
                    AND NOT event_node_live(idempotency_keys.node, make_interval(secs => $7)))
            RETURNING key""";
    static final String FIND = """
            SELECT request_hash, status_code, response, content_type, applied_at IS NOT NULL AS applied,
                   node IS NOT NULL AND NOT event_node_live(node, make_interval(secs => $4)) AS holder_gone
            FROM idempotency_keys WHERE tenant_id = $1 AND user_id = $2 AND key = $3""";
    /** Sent with the {@code COMMIT} of the holding request's first write transaction; fails it when the key was taken over. */
    static final String APPLIED = "SELECT idempotency_key_applied($1, $2, $3, $4)";
    static final String COMPLETE = """
            UPDATE idempotency_keys SET status_code = $4, response = $5, content_type = $6, completed_at = now()
            WHERE tenant_id = $1 AND user_id = $2 AND key = $3 AND claim = $7""";
    static final String RELEASE = "DELETE FROM idempotency_keys WHERE tenant_id = $1 AND user_id = $2 AND key = $3 AND claim = $4";

    private IdempotencyStore() {
    }

    /**
     * What is stored for a key another request already took: its answer once recorded; until then whether its work
     * committed ({@code applied}) and whether the node running it is gone ({@code holderGone}).
     */
    record Existing(byte[] requestHash, Integer status, Buffer response, String contentType, boolean applied, boolean holderGone) {
    }

    /** One request's hold on a key, taken on {@code node}; {@code id} tells it from a later hold of the same key. */
    record Claim(UUID tenantId, UUID userId, String key, String node, UUID id) {
    }

    /** True when this request now holds the key; a holder not seen alive within {@code nodeTtl} is dead. */
    static Future<Boolean> claim(SqlConnection conn, Claim claim, byte[] requestHash, Duration nodeTtl) {
        return conn.preparedQuery(CLAIM).execute(Tuple.from(new Object[] {claim.tenantId(), claim.userId(), claim.key(),
                        Buffer.buffer(requestHash), claim.node(), claim.id(), seconds(nodeTtl)}))
                .map(rows -> rows.size() == 1);
    }

    static Future<Existing> find(SqlConnection conn, Claim claim, Duration nodeTtl) {
        return conn.preparedQuery(FIND).execute(Tuple.of(claim.tenantId(), claim.userId(), claim.key(), seconds(nodeTtl))).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            return new Existing(r.getBuffer("request_hash").getBytes(), r.getInteger("status_code"), r.getBuffer("response"),
                    r.getString("content_type"), r.getBoolean("applied"), r.getBoolean("holder_gone"));
        });
    }

    /** The arguments of {@link #APPLIED} for {@code claim}. */
    static Tuple applied(Claim claim) {
        return Tuple.of(claim.tenantId(), claim.userId(), claim.key(), claim.id());
    }

    /** Records the answer, unless the key was taken over meanwhile. */
    static Future<Void> complete(SqlConnection conn, Claim claim, int status, Buffer body, String contentType) {
        return conn.preparedQuery(COMPLETE).execute(Tuple.from(new Object[] {claim.tenantId(), claim.userId(), claim.key(), status,
                body, contentType, claim.id()})).mapEmpty();
    }

    /** Frees the key, unless it was taken over meanwhile. */
    static Future<Void> release(SqlConnection conn, Claim claim) {
        return conn.preparedQuery(RELEASE).execute(Tuple.of(claim.tenantId(), claim.userId(), claim.key(), claim.id())).mapEmpty();
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
