package dev.switchboard.identity;

import dev.switchboard.platform.db.Rows;
import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Identity providers, their email domains, and sign-ins between start and callback. */
final class IdentityProviderStore {

    static final String FIND = "SELECT " + IdentityProvider.COLUMNS + " FROM identity_providers p WHERE p.tenant_id = $1 AND p.id = $2";
    static final String LIST = "SELECT " + IdentityProvider.COLUMNS + " FROM identity_providers p WHERE p.tenant_id = $1 "
            + "AND ($2::uuid IS NULL OR p.id > $2) ORDER BY p.id LIMIT $3";
    static final String INSERT = """
            INSERT INTO identity_providers (tenant_id, id, name, issuer, client_id, client_secret, redirect_uris, enabled)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""";
    static final String UPDATE = """
            UPDATE identity_providers SET name = $3, issuer = $4, client_id = $5, client_secret = $6, redirect_uris = $7,
                   enabled = $8, version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND id = $2 AND version = $9""";
    static final String DELETE = "DELETE FROM identity_providers WHERE tenant_id = $1 AND id = $2";
    static final String CLEAR_DOMAINS = "DELETE FROM identity_provider_domains WHERE tenant_id = $1 AND provider_id = $2";
    static final String ADD_DOMAINS = """
            INSERT INTO identity_provider_domains (tenant_id, provider_id, domain) SELECT $1, $2, unnest($3::text[])""";
    /** Cross-tenant by design: which organization's provider an email domain signs in with. */
    static final String FOR_DOMAIN = "SELECT tenant_id, provider_id FROM sso_provider_for_domain($1)";
    static final String INSERT_LOGIN = """
            INSERT INTO sso_logins (tenant_id, id, state_hash, provider_id, nonce, code_verifier, redirect_uri, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""";
    static final String SPEND_LOGIN = """
            UPDATE sso_logins SET used_at = now() WHERE tenant_id = $1 AND id = $2 AND used_at IS NULL AND expires_at > now()
            RETURNING state_hash, provider_id, nonce, code_verifier, redirect_uri""";

    private IdentityProviderStore() {
    }

    /** A started sign-in, as its callback spends it. */
    record PendingLogin(byte[] stateHash, UUID providerId, String nonce, String codeVerifier, String redirectUri) {
    }

    static Future<IdentityProvider> find(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId, id)).map(rows -> Rows.first(rows, IdentityProvider.FROM_ROW));
    }

    static Future<List<IdentityProvider>> list(SqlConnection conn, UUID tenantId, Pages page) {
        return conn.preparedQuery(LIST).execute(Tuple.of(tenantId, page.after(), page.limit()))
                .map(rows -> Rows.all(rows, IdentityProvider.FROM_ROW));
    }

    static Future<Void> insert(SqlConnection conn, UUID tenantId, UUID id, IdentityProviders.Wanted w, String sealedSecret) {
        return conn.preparedQuery(INSERT).execute(Tuple.from(new Object[] {tenantId, id, w.name(), w.issuer(), w.clientId(), sealedSecret,
                w.redirectUris().toArray(String[]::new), w.enabled()})).compose(r -> domains(conn, tenantId, id, w.domains()));
    }

    /** False when {@code version} is no longer current. */
    static Future<Boolean> update(SqlConnection conn, UUID tenantId, UUID id, IdentityProviders.Wanted w, String sealedSecret, int version) {
        return conn.preparedQuery(UPDATE).execute(Tuple.from(new Object[] {tenantId, id, w.name(), w.issuer(), w.clientId(), sealedSecret,
                        w.redirectUris().toArray(String[]::new), w.enabled(), version}))
                .compose(r -> r.rowCount() == 0 ? Future.succeededFuture(false)
                        : conn.preparedQuery(CLEAR_DOMAINS).execute(Tuple.of(tenantId, id))
                                .compose(v -> domains(conn, tenantId, id, w.domains())).map(true));
    }

    static Future<Void> delete(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(DELETE).execute(Tuple.of(tenantId, id)).mapEmpty();
    }

    /** {tenant id, provider id} of the enabled provider for {@code domain}, or null. */
    static Future<UUID[]> forDomain(SqlConnection conn, String domain) {
        return conn.preparedQuery(FOR_DOMAIN).execute(Tuple.of(domain)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            return new UUID[] {r.getUUID("tenant_id"), r.getUUID("provider_id")};
        });
    }

    static Future<Void> insertLogin(SqlConnection conn, UUID tenantId, UUID id, byte[] stateHash, UUID providerId, String nonce,
                                    String verifier, String redirectUri, OffsetDateTime expiresAt) {
        return conn.preparedQuery(INSERT_LOGIN).execute(Tuple.from(new Object[] {tenantId, id, Buffer.buffer(stateHash), providerId, nonce,
                verifier, redirectUri, expiresAt})).mapEmpty();
    }

    /** Marks a live sign-in used and returns it; null when it is unknown, used or expired. */
    static Future<PendingLogin> spendLogin(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(SPEND_LOGIN).execute(Tuple.of(tenantId, id)).map(IdentityProviderStore::pending);
    }

    private static PendingLogin pending(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return null;
        }
        Row r = rows.iterator().next();
        return new PendingLogin(r.getBuffer("state_hash").getBytes(), r.getUUID("provider_id"), r.getString("nonce"),
                r.getString("code_verifier"), r.getString("redirect_uri"));
    }

    private static Future<Void> domains(SqlConnection conn, UUID tenantId, UUID id, List<String> domains) {
        return conn.preparedQuery(ADD_DOMAINS).execute(Tuple.of(tenantId, id, (Object) domains.toArray(String[]::new))).mapEmpty();
    }
}
