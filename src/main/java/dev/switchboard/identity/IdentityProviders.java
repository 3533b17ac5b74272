package dev.switchboard.identity;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.StoreException;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.OutboundAddresses;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.secrets.SecretBox;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.UUID;

/**
 * The organization's OpenID Connect providers, managed by people holding {@code organization.manage}. The client
 * secret is sealed by the secret box and never shown again; an email domain signs in with one provider across all
 * organizations (409 when another provider has it); the issuer must be an address the server may call.
 */
final class IdentityProviders {

    private final Db db;
    private final Changes changes;
    private final SecretBox box;
    private final OutboundAddresses outbound;

    IdentityProviders(Db db, Changes changes, SecretBox box, OutboundAddresses outbound) {
        this.db = db;
        this.changes = changes;
        this.box = box;
        this.outbound = outbound;
    }

    /** A provider as an admin sets it; a null {@code clientSecret} on update keeps the stored one. */
    record Wanted(String name, String issuer, String clientId, String clientSecret, List<String> domains, List<String> redirectUris,
                  boolean enabled) {
    }

    SecretBox box() {
        return box;
    }

    Future<List<IdentityProvider>> list(Principal p, Pages page) {
        p.require(Permission.ORGANIZATION_MANAGE);
        return db.inTenant(p.tenantId(), conn -> IdentityProviderStore.list(conn, p.tenantId(), page));
    }

    Future<IdentityProvider> get(Principal p, UUID id) {
        p.require(Permission.ORGANIZATION_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id));
    }

    /** Adds a provider; 400 for an issuer the server may not call, 409 for a domain another provider has. */
    Future<IdentityProvider> create(Principal p, Wanted w) {
        p.require(Permission.ORGANIZATION_MANAGE);
        UUID id = Ids.next();
        return callable(w.issuer()).compose(ok -> db.inTenant(p.tenantId(), conn ->
                        IdentityProviderStore.insert(conn, p.tenantId(), id, w, box.seal(w.clientSecret()))
                                .compose(v -> existing(conn, p, id))
                                .compose(created -> changes.record(conn, p, Change.created("identity_provider.created",
                                        "identity_provider", id, created.auditView())).map(created))))
                .recover(IdentityProviders::domainTaken);
    }

    /** Replaces a provider's settings; 409/412 when {@code expected} is stale, otherwise as {@link #create}. */
    Future<IdentityProvider> update(Principal p, UUID id, Wanted w, ExpectedVersion expected) {
        p.require(Permission.ORGANIZATION_MANAGE);
        return callable(w.issuer()).compose(ok -> db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(before ->
                        IdentityProviderStore.update(conn, p.tenantId(), id, w, w.clientSecret() == null ? before.sealedSecret()
                                        : box.seal(w.clientSecret()), ExpectedVersion.orRead(expected, before.version()))
                                .compose(updated -> !updated ? Future.failedFuture(ExpectedVersion.staleOr(expected, "the identity provider"))
                                        : existing(conn, p, id).compose(after -> changes.record(conn, p, Change.updated(
                                                "identity_provider.updated", "identity_provider", id, before.auditView(),
                                                after.auditView())).map(after))))))
                .recover(IdentityProviders::domainTaken);
    }

    Future<Void> delete(Principal p, UUID id) {
        p.require(Permission.ORGANIZATION_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(before -> IdentityProviderStore.delete(conn, p.tenantId(), id)
                .compose(v -> changes.record(conn, p, Change.deleted("identity_provider.deleted", "identity_provider", id,
                        before.auditView())))));
    }

    private Future<Void> callable(String issuer) {
        return outbound.refusal(issuer).compose(refusal -> refusal == null ? Future.succeededFuture()
                : Future.failedFuture(ApiException.invalid("issuer", refusal)));
    }

    private static Future<IdentityProvider> existing(SqlConnection conn, Principal p, UUID id) {
        return IdentityProviderStore.find(conn, p.tenantId(), id).compose(found -> found == null
                ? Future.failedFuture(ApiException.notFound("identity provider")) : Future.succeededFuture(found));
    }

    private static <T> Future<T> domainTaken(Throwable err) {
        return err instanceof StoreException s && s.isDuplicate("identity_provider_domains_key")
                ? Future.failedFuture(ApiException.conflict("domain-claimed", "an email domain already signs in with another identity provider"))
                : Future.failedFuture(err);
    }
}
