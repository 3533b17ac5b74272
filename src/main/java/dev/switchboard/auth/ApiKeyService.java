package dev.switchboard.auth;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.auth.ApiKeyStore.ApiKey;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The organization's API keys, managed by signed-in users holding {@code api_keys.manage}. A key gets a chosen subset
 * of its creator's permissions; its secret is shown once, in the answer to its creation.
 */
public final class ApiKeyService {

    private final Db db;
    private final Changes changes;
    private final ApiKeys keys;

    public ApiKeyService(Db db, Changes changes, ApiKeys keys) {
        this.db = db;
        this.changes = changes;
        this.keys = keys;
    }

    /**
     * Creates a key; the answer holds its secret as {@code key}, never shown again. 403 when {@code permissions} names
     * one the caller does not hold.
     */
    public Future<JsonObject> create(Principal p, String name, Set<String> permissions, OffsetDateTime expiresAt) {
        p.requirePerson();
        p.require(Permission.API_KEYS_MANAGE);
        Set<String> beyond = new TreeSet<>(permissions);
        beyond.removeAll(p.permissions());
        if (!beyond.isEmpty()) {
            return Future.failedFuture(ApiException.forbidden("cannot give a key permissions you do not hold: " + String.join(", ", beyond)));
        }
        UUID id = Ids.next();
        BearerSecret secret = BearerSecret.generate(BearerSecret.API_KEY, id, p.tenantId());
        return db.inTenant(p.tenantId(), conn -> ApiKeyStore.insert(conn, p.tenantId(), id, name, secret.prefix(), secret.hash(),
                        permissions, p.userId(), expiresAt)
                .compose(key -> changes.record(conn, p, Change.created("api_key.created", "api_key", id, key.auditView())).map(key)))
                .map(key -> key.toJson().put("key", secret.encode()));
    }

    public Future<List<ApiKey>> list(Principal p, Pages page) {
        p.require(Permission.API_KEYS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> ApiKeyStore.list(conn, p.tenantId(), page));
    }

    /** The key (never its secret); 404 when the caller's organization has none with this id. */
    public Future<ApiKey> get(Principal p, UUID id) {
        p.require(Permission.API_KEYS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> ApiKeyStore.find(conn, p.tenantId(), id))
                .compose(key -> key == null ? Future.failedFuture(ApiException.notFound("API key")) : Future.succeededFuture(key));
    }

    /** Revokes a key: it stops working at once on this node. 404 for an unknown id, 409 when it was revoked already. */
    public Future<Void> revoke(Principal p, UUID id) {
        p.require(Permission.API_KEYS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> ApiKeyStore.find(conn, p.tenantId(), id).compose(before -> {
            if (before == null) {
                return Future.failedFuture(ApiException.notFound("API key"));
            }
            return ApiKeyStore.revoke(conn, p.tenantId(), id, p.userId()).compose(after -> after == null
                    ? Future.failedFuture(ApiException.conflict("already-revoked", "the API key was revoked already"))
                    : changes.record(conn, p, Change.deleted("api_key.revoked", "api_key", id, before.auditView())
                            // every node closes the key's sockets and forgets it (AccessChanges)
                            .withDetails(new JsonObject().put("createdBy", before.createdBy().toString()))));
        })).onSuccess(v -> keys.invalidate(id));
    }
}
