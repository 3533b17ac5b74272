package dev.switchboard.webhooks.inbound;

import dev.switchboard.platform.secrets.SecretBox;
import dev.switchboard.attachments.InboundFiles;
import dev.switchboard.audit.Changes;
import dev.switchboard.cases.CaseService;
import dev.switchboard.contacts.ContactService;
import dev.switchboard.conversations.InboundEmails;
import dev.switchboard.conversations.MessageDeliveries;
import dev.switchboard.email.EmailService;
import dev.switchboard.integrations.IntegrationService;
import dev.switchboard.jobs.JobHandlers;
import dev.switchboard.jobs.JobQueue;
import dev.switchboard.platform.config.EmailConfig;
import dev.switchboard.platform.config.WebhooksConfig;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import dev.switchboard.platform.events.LogConsumer;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;

/**
 * Builds inbound webhook ingestion: the inbox, its processing (a consumer of the event log; replays of dead
 * deliveries run as jobs), the receivers and the admin endpoints.
 */
public final class WebhookIngestion {

    /** What processing events affects: other features' system-write entry points and the integration settings. */
    public record Effects(IntegrationService integrations, ContactService contacts, CaseService cases, InboundEmails inboundEmails,
                          EmailService emails, MessageDeliveries messageDeliveries, InboundFiles files) {
    }

    private final List<Endpoint> endpoints;
    private final InboxConsumer consumer;

    public WebhookIngestion(Vertx vertx, Db db, Changes changes, JobQueue jobQueue, JobHandlers jobHandlers, ApiRoutes routes, WebhooksConfig config,
                            EmailConfig email, WebClient webClient, Effects effects, SecretBox box, Clock clock) {
        Inbox inbox = new Inbox(vertx, db, jobQueue, clock);
        HookDirectory hooks = new HookDirectory(db, box);
        ResendSigningKeys resendKeys = new ResendSigningKeys(db, box);
        Map<String, InboxProcessor> processors = Map.of(TenantHookProcessor.PROVIDER, new TenantHookProcessor(changes),
                ResendProcessor.PROVIDER, new ResendProcessor(new ResendReceivedClient(webClient, email.resendBaseUrl()), email.resendApiKey(),
                        effects.integrations(), effects.contacts(), effects.inboundEmails(), effects.emails(),
                        effects.messageDeliveries(), effects.files()),
                MetaProcessor.PROVIDER, new MetaProcessor(new GraphClient(webClient, config.metaGraphBaseUrl()), effects.integrations(),
                        effects.contacts(), effects.cases(), changes));
        DeliveryProcessing processing = new DeliveryProcessing(processors, clock);
        jobHandlers.register(ProcessInboxHandler.KIND, new ProcessInboxHandler(db, processing));
        consumer = new InboxConsumer(db, processing);
        endpoints = List.of(
                new TenantHookReceiver(hooks, inbox, clock),
                new InboundHookRoutes(new InboundHookService(db, changes, box, hooks), routes),
                new InboxRoutes(new InboxService(db, inbox, changes), routes),
                new ResendReceiver(inbox, clock, resendKeys),
                new ResendSecretRoutes(new ResendSecretService(db, changes, box, resendKeys), routes),
                new MetaReceiver(db, inbox, new MetaApps(config.metaAppSecret(), config.metaVerifyToken(), effects.integrations())),
                new MetaPageRoutes(new MetaPageService(db, changes), routes));
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /** Processing of stored deliveries, a work consumer of the event log. */
    public LogConsumer consumer() {
        return consumer;
    }
}
