package dev.switchboard.webhooks.inbound;

import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.Endpoint;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code /webhooks/meta}: Meta's subscription handshake (GET) and lead notifications (POST, signed with the
 * app secret). Each lead is stored once per {@code leadgen_id} for the organization owning its page; a lead
 * of an unknown page is stored as unroutable and still answered 200, so Meta does not retry it forever.
 */
public final class MetaReceiver implements Endpoint {

    private static final int MAX_CHALLENGE_LENGTH = 200;

    private final Db db;
    private final Inbox inbox;
    private final MetaApps apps;

    public MetaReceiver(Db db, Inbox inbox, MetaApps apps) {
        this.db = db;
        this.inbox = inbox;
        this.apps = apps;
    }

    @Override
    public void addRoutes(Router router) {
        router.get("/webhooks/meta").handler(this::verify);
        router.post("/webhooks/meta").handler(this::receive);
    }

    @Override
    public String openApiFragment() {
        return "openapi/webhooks-meta.json";
    }

    private void verify(RoutingContext ctx) {
        MultiMap query = ctx.queryParams();
        String challenge = query.get("hub.challenge");
        if (!"subscribe".equals(query.get("hub.mode")) || challenge == null || challenge.length() > MAX_CHALLENGE_LENGTH) {
            throw ApiException.badRequest("not a Meta subscription request");
        }
        apps.verifyTokenMatches(query.get("hub.verify_token")).onSuccess(matches -> {
            if (!matches) {
                ctx.fail(ApiException.forbidden("the verify token does not match"));
                return;
            }
            ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(challenge);
        }).onFailure(ctx::fail);
    }

    private void receive(RoutingContext ctx) {
        byte[] body = WebhookBodies.raw(ctx);
        MultiMap headers = ctx.request().headers();
        apps.signer(headers.get("X-Hub-Signature-256"), body).compose(signer -> {
            if (signer == null) {
                return Future.failedFuture(ApiException.unauthorized("invalid webhook signature"));
            }
            List<MetaLeads.Lead> leads = MetaLeads.of(WebhookBodies.jsonObject(body));
            if (leads.isEmpty()) {
                return Future.succeededFuture();
            }
            // A notification of one lead is stored as it came, signature and all. One of many is stored a lead at a
            // time (each as a notification of its own, without the signature, which covers the whole body only):
            // a thousand leads are a thousand small rows, not a thousand copies of the whole notification.
            boolean alone = leads.size() == 1;
            MultiMap kept = alone ? headers : MultiMap.caseInsensitiveMultiMap().addAll(headers).remove("X-Hub-Signature-256");
            Set<String> pages = leads.stream().map(MetaLeads.Lead::pageId).collect(Collectors.toCollection(LinkedHashSet::new));
            return db.withoutTenant(conn -> MetaPageStore.tenantsOf(conn, pages)).compose(tenants -> {
                List<Future<?>> stored = new ArrayList<>();
                List<Inbox.Unrouted> unrouted = new ArrayList<>();
                for (MetaLeads.Lead lead : leads) {
                    UUID tenant = tenants.get(lead.pageId());
                    byte[] notification = alone ? body : lead.alone();
                    if (tenant == null) {
                        unrouted.add(new Inbox.Unrouted(lead.leadgenId(), notification, "no organization has Facebook page " + lead.pageId()));
                    } else if (!signer.mayRoute(tenant)) {
                        unrouted.add(new Inbox.Unrouted(lead.leadgenId(), notification, "Facebook page " + lead.pageId()
                                + " does not belong to the organization whose Meta app signed the lead"));
                    } else {
                        stored.add(inbox.receive(tenant, MetaProcessor.PROVIDER, null, lead.leadgenId(), notification, kept));
                    }
                }
                if (!unrouted.isEmpty()) {
                    stored.add(inbox.receiveUnrouted(MetaProcessor.PROVIDER, unrouted, kept));
                }
                return Future.all(stored);
            });
        }).onSuccess(v -> ctx.response().setStatusCode(200).end()).onFailure(ctx::fail);
    }
}
