package dev.switchboard.auth;

import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Role;
import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Invitations to join an organization; only the hash of each invite token is stored. */
final class InviteStore {

    private static final String COLUMNS = "tenant_id, id, email, role, token_hash, invited_by, created_at, expires_at, accepted_at, revoked_at, "
            + "contact_id";
    static final String INSERT = "INSERT INTO invites (tenant_id, id, email, role, token_hash, invited_by, expires_at, contact_id) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING " + COLUMNS;
    static final String LOCK = "SELECT " + COLUMNS + " FROM invites WHERE tenant_id = $1 AND id = $2 FOR UPDATE";
    static final String LIST = "SELECT " + COLUMNS + " FROM invites WHERE tenant_id = $1 AND ($2::uuid IS NULL OR id < $2) "
            + "ORDER BY id DESC LIMIT $3";
    static final String REVOKE = "UPDATE invites SET revoked_at = now() WHERE tenant_id = $1 AND id = $2 "
            + "AND revoked_at IS NULL AND accepted_at IS NULL RETURNING " + COLUMNS;
    static final String ROTATE = "UPDATE invites SET token_hash = $3, expires_at = $4 WHERE tenant_id = $1 AND id = $2 RETURNING " + COLUMNS;
    static final String ACCEPT = "UPDATE invites SET accepted_at = now(), accepted_user_id = $3 WHERE tenant_id = $1 AND id = $2";
    /** Links a portal customer to the contact their invite named. */
    static final String LINK_CONTACT = "UPDATE users SET contact_id = $3 WHERE tenant_id = $1 AND id = $2";

    private InviteStore() {
    }

    /** An invitation as stored. */
    record Invite(UUID tenantId, UUID id, String email, Role role, byte[] tokenHash, UUID invitedBy, OffsetDateTime createdAt,
                  OffsetDateTime expiresAt, OffsetDateTime acceptedAt, OffsetDateTime revokedAt, UUID contactId) {

        String status() {
            if (acceptedAt != null) {
                return "accepted";
            }
            if (revokedAt != null) {
                return "revoked";
            }
            return expiresAt.isBefore(OffsetDateTime.now()) ? "expired" : "pending";
        }

        JsonObject toJson() {
            return new JsonObject()
                    .put("id", id.toString())
                    .put("email", email)
                    .put("role", role.wire())
                    .put("status", status())
                    .put("invitedBy", invitedBy.toString())
                    .put("createdAt", Timestamps.format(createdAt))
                    .put("expiresAt", Timestamps.format(expiresAt))
                    .put("contactId", contactId == null ? null : contactId.toString());
        }
    }

    static final Function<Row, Invite> FROM_ROW = r -> new Invite(r.getUUID("tenant_id"), r.getUUID("id"), r.getString("email"),
            Role.fromWire(r.getString("role")), r.getBuffer("token_hash").getBytes(), r.getUUID("invited_by"),
            r.getOffsetDateTime("created_at"), r.getOffsetDateTime("expires_at"), r.getOffsetDateTime("accepted_at"),
            r.getOffsetDateTime("revoked_at"), r.getUUID("contact_id"));

    static Future<Invite> insert(SqlConnection conn, UUID tenantId, UUID id, String email, Role role, byte[] hash,
                                 UUID invitedBy, OffsetDateTime expiresAt, UUID contactId) {
        return conn.preparedQuery(INSERT).execute(Tuple.from(new Object[] {tenantId, id, email, role.wire(), hash, invitedBy, expiresAt,
                        contactId}))
                .map(rows -> FROM_ROW.apply(rows.iterator().next()));
    }

    static Future<Invite> lock(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(LOCK).execute(Tuple.of(tenantId, id))
                .map(rows -> rows.size() == 0 ? null : FROM_ROW.apply(rows.iterator().next()));
    }

    static Future<List<Invite>> list(SqlConnection conn, UUID tenantId, Pages page) {
        return conn.preparedQuery(LIST).execute(Tuple.of(tenantId, page.after(), page.limit())).map(rows -> {
            List<Invite> out = new ArrayList<>();
            rows.forEach(r -> out.add(FROM_ROW.apply(r)));
            return out;
        });
    }

    static Future<Invite> revoke(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(REVOKE).execute(Tuple.of(tenantId, id))
                .map(rows -> rows.size() == 0 ? null : FROM_ROW.apply(rows.iterator().next()));
    }

    /** A new token and expiry for a pending invite (the old token stops working). */
    static Future<Invite> rotate(SqlConnection conn, UUID tenantId, UUID id, byte[] hash, OffsetDateTime expiresAt) {
        return conn.preparedQuery(ROTATE).execute(Tuple.of(tenantId, id, hash, expiresAt))
                .map(rows -> FROM_ROW.apply(rows.iterator().next()));
    }

    static Future<Void> accept(SqlConnection conn, UUID tenantId, UUID id, UUID userId) {
        return conn.preparedQuery(ACCEPT).execute(Tuple.of(tenantId, id, userId)).mapEmpty();
    }

    static Future<Void> linkContact(SqlConnection conn, UUID tenantId, UUID userId, UUID contactId) {
        return conn.preparedQuery(LINK_CONTACT).execute(Tuple.of(tenantId, userId, contactId)).mapEmpty();
    }
}
