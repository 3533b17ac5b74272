package dev.switchboard.ai;

import dev.switchboard.audit.Changes;
import dev.switchboard.cases.CaseService;
import dev.switchboard.conversations.ConversationService;
import dev.switchboard.conversations.MessageService;
import dev.switchboard.jobs.JobHandlers;
import dev.switchboard.jobs.JobQueue;
import dev.switchboard.notes.NoteService;
import dev.switchboard.platform.config.AiConfig;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.events.LogConsumer;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.OutboundAddresses;
import dev.switchboard.platform.secrets.SecretBox;
import dev.switchboard.tenancy.Records;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.util.List;

/**
 * AI assist, bring your own key, wired together: the organization's settings, the provider clients, accounting, the
 * features' endpoints, and the classification consumer and job. Built by the composition root.
 */
public final class AiAssist {

    /** The other features' services the AI features read and write through (never their stores). */
    public record Ports(CaseService cases, NoteService notes, ConversationService conversations, MessageService messages,
                        Records records, JobQueue jobs) {
    }

    private final List<Endpoint> endpoints;
    private final Classifier classifier;

    public AiAssist(Vertx vertx, Db db, Changes changes, SecretBox box, OutboundAddresses outbound, WebClient client, AiConfig config,
                    MeterRegistry registry, Clock clock, Ports ports, JobHandlers jobHandlers, ApiRoutes routes) {
        AiAccounting accounting = new AiAccounting(db, changes, registry, clock);
        AiSettingsService settings = new AiSettingsService(db, changes, box, outbound, accounting);
        Assistant assistant = new Assistant(settings, new Providers(vertx, client, config), accounting, clock);
        Colleagues colleagues = new Colleagues(db, clock);
        ReplyDrafts drafts = new ReplyDrafts(db, changes, assistant, ports.conversations(), ports.messages());
        this.endpoints = List.of(new AiSettingsEndpoint(settings, routes),
                new AiEndpoint(new RecordSummaries(assistant, ports.cases(), ports.notes(), ports.conversations(), ports.messages(),
                        colleagues), drafts, new TaskProposals(assistant, colleagues, ports.records()),
                        new AiStats(settings, accounting, drafts), routes));
        this.classifier = new Classifier(assistant, ports.messages(), ports.jobs());
        jobHandlers.register(Classifier.KIND, classifier);
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /** The work consumer of the event log that queues the classification of inbound messages. */
    public LogConsumer consumer() {
        return classifier;
    }
}
