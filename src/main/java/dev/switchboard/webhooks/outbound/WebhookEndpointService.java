package dev.switchboard.webhooks.outbound;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.FieldError;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.OutboundAddresses;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.secrets.SecretBox;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Outbound webhook endpoints and their delivery log. Needs {@code webhooks.manage}. */
public final class WebhookEndpointService {

    private final Db db;
    private final Changes changes;
    private final SecretBox box;
    private final OutboundAddresses addresses;

    public WebhookEndpointService(Db db, Changes changes, SecretBox box, OutboundAddresses addresses) {
        this.db = db;
        this.changes = changes;
        this.box = box;
        this.addresses = addresses;
    }

    public Future<List<WebhookEndpoint>> list(Principal p, Pages page) {
        p.require(Permission.WEBHOOKS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> WebhookStore.list(conn, p.tenantId(), page));
    }

    /** The endpoint; 404 when there is none in the caller's organization. */
    public Future<WebhookEndpoint> get(Principal p, UUID id) {
        p.require(Permission.WEBHOOKS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id));
    }

    /**
     * Creates an endpoint with a new signing secret; the answer is the only time the secret is shown. 422 when the
     * URL points at a loopback, private, link-local or metadata address that the configuration does not allow.
     */
    public Future<WebhookEndpoint> create(Principal p, EndpointSettings settings) {
        p.require(Permission.WEBHOOKS_MANAGE);
        UUID id = Ids.next();
        String secret = WebhookSignature.newSecret();
        return allowed(settings.url()).compose(ok -> db.inTenant(p.tenantId(), conn -> WebhookStore.insert(conn, p.tenantId(), id, settings, box.seal(secret))
                .compose(v -> existing(conn, p, id))
                .compose(e -> changes.record(conn, p, Change.created("webhook_endpoint.created", "webhook_endpoint", id, e.auditView()))
                        .map(e.withSecret(secret)))));
    }

    /**
     * Changes the settings {@code patch} names, the others keep their value (enabling clears the reason it was
     * disabled); 409/412 when {@code expected} is stale, 422 for a URL that {@link #create} refuses.
     */
    public Future<WebhookEndpoint> update(Principal p, UUID id, EndpointPatch patch, ExpectedVersion expected) {
        p.require(Permission.WEBHOOKS_MANAGE);
        Future<Void> urlAllowed = patch.has("url") ? allowed(patch.values().url()) : Future.succeededFuture();
        return urlAllowed.compose(ok -> db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(before ->
                WebhookStore.update(conn, p.tenantId(), id, patch.applyTo(before), ExpectedVersion.orRead(expected, before.version()))
                        .compose(updated -> updated
                        ? existing(conn, p, id).compose(after -> changes.record(conn, p, Change.updated("webhook_endpoint.updated",
                                "webhook_endpoint", id, before.auditView(), after.auditView())).map(after))
                        : Future.failedFuture(ExpectedVersion.staleOr(expected, "the webhook endpoint"))))));
    }

    private Future<Void> allowed(String url) {
        return addresses.refusal(url).compose(refusal -> refusal == null ? Future.<Void>succeededFuture()
                : Future.failedFuture(new ApiException(422, "address-not-allowed", "Unprocessable content",
                        "the server does not send webhooks to this address", List.of(new FieldError("url", refusal)), Map.of())));
    }

    public Future<Void> delete(Principal p, UUID id) {
        p.require(Permission.WEBHOOKS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(e -> WebhookStore.delete(conn, p.tenantId(), id)
                .compose(v -> changes.record(conn, p, Change.deleted("webhook_endpoint.deleted", "webhook_endpoint", id, e.auditView())))));
    }

    /** The endpoint's delivery attempts, oldest first; 404 when the endpoint is not in the caller's organization. */
    public Future<List<WebhookDelivery>> deliveries(Principal p, UUID id, Pages page) {
        p.require(Permission.WEBHOOKS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(e -> WebhookStore.deliveries(conn, p.tenantId(), id, page)));
    }

    private static Future<WebhookEndpoint> existing(SqlConnection conn, Principal p, UUID id) {
        return WebhookStore.find(conn, p.tenantId(), id).compose(e -> e == null
                ? Future.failedFuture(ApiException.notFound("webhook endpoint")) : Future.succeededFuture(e));
    }
}
