package dev.switchboard.webhooks.inbound;

import dev.switchboard.audit.Changes;
import dev.switchboard.jobs.JobHandlers;
import dev.switchboard.jobs.JobQueue;
import dev.switchboard.platform.config.WebhooksConfig;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Builds inbound webhook ingestion: the inbox, its processing job, the receivers and the admin endpoints. */
public final class WebhookIngestion {

    private final List<Endpoint> endpoints;

    public WebhookIngestion(Db db, Changes changes, JobQueue jobQueue, JobHandlers jobHandlers, ApiRoutes routes, WebhooksConfig config,
                            Clock clock) {
        Inbox inbox = new Inbox(db, jobQueue, clock);
        Map<String, InboxProcessor> processors = Map.of(TenantHookProcessor.PROVIDER, new TenantHookProcessor(changes),
                ResendProcessor.PROVIDER, new ResendProcessor(),
                MetaProcessor.PROVIDER, new MetaProcessor());
        jobHandlers.register(ProcessInboxHandler.KIND, new ProcessInboxHandler(db, processors, clock));
        endpoints = List.of(
                new TenantHookReceiver(db, inbox, clock),
                new InboundHookRoutes(new InboundHookService(db, changes), routes),
                new InboxRoutes(new InboxService(db, inbox, changes), routes),
                new ResendReceiver(db, inbox, clock),
                new ResendSecretRoutes(new ResendSecretService(db, changes), routes),
                new MetaReceiver(db, inbox, config.metaAppSecret(), config.metaVerifyToken()),
                new MetaPageRoutes(new MetaPageService(db, changes), routes));
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }
}
