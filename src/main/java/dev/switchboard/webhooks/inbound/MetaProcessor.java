package dev.switchboard.webhooks.inbound;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.cases.CaseService;
import dev.switchboard.contacts.ContactService;
import dev.switchboard.contacts.ContactValues;
import dev.switchboard.integrations.IntegrationService;
import dev.switchboard.jobs.JobFailure;
import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.http.RequestMeta;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;

/**
 * A Meta lead: fetched from the Graph API with the organization's page access token (before the transaction),
 * then, together with the inbox row, its contact (matched by email or phone, else created), a case with source
 * {@code meta} and its page, form, ad and campaign ids, and the {@code lead.received} event.
 */
final class MetaProcessor implements InboxProcessor {

    static final String PROVIDER = "meta";
    static final String EVENT = "lead.received";

    private final GraphClient graph;
    private final IntegrationService integrations;
    private final ContactService contacts;
    private final CaseService cases;
    private final Changes changes;

    MetaProcessor(GraphClient graph, IntegrationService integrations, ContactService contacts, CaseService cases, Changes changes) {
        this.graph = graph;
        this.integrations = integrations;
        this.contacts = contacts;
        this.cases = cases;
        this.changes = changes;
    }

    @Override
    public boolean fetches() {
        return true;
    }

    @Override
    public Future<JsonObject> fetch(InboxEvent event) {
        return integrations.forSystem(event.tenantId()).compose(settings -> settings.metaPageAccessToken() == null
                ? Future.failedFuture(JobFailure.permanent("no Meta page access token is configured for the organization; "
                        + "set metaPageAccessToken in /api/v1/integrations and replay the event"))
                : graph.lead(event.eventId(), settings.metaPageAccessToken()));
    }

    @Override
    public Future<Void> process(SqlConnection conn, InboxEvent event, JsonObject lead) {
        MetaLeads.Lead notified = notified(event);
        ContactValues wanted = LeadFields.contact(lead);
        JsonObject campaign = campaign(notified, lead);
        return contacts.findOrCreateForSystem(conn, event.tenantId(), wanted).compose(contact -> {
            String name = contact.values().fullName();
            return cases.createForSystem(conn, event.tenantId(), "Meta lead: " + name, contact.id(), "meta", campaign)
                    .compose(created -> changes.record(conn, event.tenantId(), Actor.SYSTEM, RequestMeta.SYSTEM,
                            Change.created(EVENT, "lead", event.id(), new JsonObject()
                                    .put("leadgenId", notified.leadgenId())
                                    .put("contactId", contact.id().toString())
                                    .put("caseId", created.id().toString())
                                    .put("campaign", campaign)
                                    .put("status", "received"))));
        });
    }

    /** The change of the stored (possibly batched) notification that carried this lead. */
    private static MetaLeads.Lead notified(InboxEvent event) {
        return MetaLeads.of(WebhookBodies.jsonObject(event.body())).stream().filter(l -> l.leadgenId().equals(event.eventId()))
                .findFirst().orElseThrow(() -> JobFailure.permanent("the stored notification has no lead " + event.eventId()));
    }

    /** Page, form, ad and campaign ids: what the Graph API answered, else what the notification said. */
    private static JsonObject campaign(MetaLeads.Lead notified, JsonObject lead) {
        JsonObject campaign = new JsonObject().put("pageId", notified.pageId());
        putId(campaign, "formId", lead.getValue("form_id"), notified.formId());
        putId(campaign, "adId", lead.getValue("ad_id"), notified.adId());
        putId(campaign, "campaignId", lead.getValue("campaign_id"), null);
        return campaign;
    }

    private static void putId(JsonObject campaign, String key, Object fetched, String fallback) {
        String id = fetched instanceof String s && !s.isBlank() ? s : fetched instanceof Number n ? Long.toString(n.longValue()) : fallback;
        if (id != null) {
            campaign.put(key, id.length() > 200 ? id.substring(0, 200) : id);
        }
    }
}
