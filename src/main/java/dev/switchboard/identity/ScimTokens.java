package dev.switchboard.identity;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.auth.BearerSecret;
import dev.switchboard.identity.ScimTokenStore.ScimToken;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The organization's SCIM bearer tokens: created, rotated and revoked by people holding {@code organization.manage},
 * each shown once; and the check of a presented token. A revoked token stops at once: every request reads it.
 */
final class ScimTokens {

    static final String SCHEME = "scim_";
    private static final Logger log = LoggerFactory.getLogger(ScimTokens.class);
    private static final String INVALID = "invalid or revoked SCIM token";

    private final Db db;
    private final Changes changes;

    ScimTokens(Db db, Changes changes) {
        this.db = db;
        this.changes = changes;
    }

    /** The caller a presented token stands for; fails with 401 for anything but a live token. */
    Future<ScimCaller> authenticate(String token, RequestMeta meta) {
        BearerSecret presented = BearerSecret.parse(SCHEME, token);
        if (presented == null) {
            return Future.failedFuture(ApiException.unauthorized(INVALID));
        }
        UUID tenantId = presented.tenantId();
        return db.readInTenant(tenantId, conn -> ScimTokenStore.find(conn, tenantId, presented.id())).compose(stored -> {
            if (stored == null || stored.revokedAt() != null || !presented.matches(stored.secretHash())) {
                return Future.failedFuture(ApiException.unauthorized(INVALID));
            }
            db.inTenant(tenantId, conn -> ScimTokenStore.touch(conn, tenantId, stored.id()))
                    .onFailure(err -> log.debug("scim token last use not recorded [tenant: {}, token: {}]", tenantId, stored.id(), err));
            return Future.succeededFuture(new ScimCaller(tenantId, stored.id(), meta));
        });
    }

    /** Creates a token; the answer holds it as {@code token}, never shown again. */
    Future<JsonObject> create(Principal p, String name) {
        p.requirePerson();
        p.require(Permission.ORGANIZATION_MANAGE);
        return db.inTenant(p.tenantId(), conn -> issue(conn, p, name));
    }

    Future<List<ScimToken>> list(Principal p, Pages page) {
        p.require(Permission.ORGANIZATION_MANAGE);
        return db.inTenant(p.tenantId(), conn -> ScimTokenStore.list(conn, p.tenantId(), page));
    }

    /** The token (never its secret); 404 when the caller's organization has none with this id. */
    Future<ScimToken> get(Principal p, UUID id) {
        p.require(Permission.ORGANIZATION_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id));
    }

    /** Revokes a token: it stops working at once. 404 for an unknown id, 409 when it was revoked already. */
    Future<Void> revoke(Principal p, UUID id) {
        p.require(Permission.ORGANIZATION_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(before -> revoke(conn, p, before)));
    }

    /** Replaces a live token with a new one of the same name, in one step; 404 or 409 as for {@link #revoke}. */
    Future<JsonObject> rotate(Principal p, UUID id) {
        p.requirePerson();
        p.require(Permission.ORGANIZATION_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id)
                .compose(before -> revoke(conn, p, before).compose(v -> issue(conn, p, before.name()))
                        .map(json -> json.put("replaces", id.toString()))));
    }

    private Future<JsonObject> issue(SqlConnection conn, Principal p, String name) {
        UUID id = Ids.next();
        BearerSecret secret = BearerSecret.generate(SCHEME, id, p.tenantId());
        return ScimTokenStore.insert(conn, p.tenantId(), id, name, secret.prefix(), secret.hash(), p.userId())
                .compose(token -> changes.record(conn, p, Change.created("scim_token.created", "scim_token", id, token.auditView()))
                        .map(v -> token.toJson().put("token", secret.encode())));
    }

    private Future<Void> revoke(SqlConnection conn, Principal p, ScimToken before) {
        return ScimTokenStore.revoke(conn, p.tenantId(), before.id(), p.userId()).compose(after -> after == null
                ? Future.failedFuture(ApiException.conflict("already-revoked", "the SCIM token was revoked already"))
                : changes.record(conn, p, Change.deleted("scim_token.revoked", "scim_token", before.id(), before.auditView())));
    }

    private static Future<ScimToken> existing(SqlConnection conn, Principal p, UUID id) {
        return ScimTokenStore.find(conn, p.tenantId(), id).compose(token -> token == null
                ? Future.failedFuture(ApiException.notFound("SCIM token")) : Future.succeededFuture(token));
    }
}
