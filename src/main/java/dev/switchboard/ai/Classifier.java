package dev.switchboard.ai;

import dev.switchboard.conversations.MessageService;
import dev.switchboard.jobs.Job;
import dev.switchboard.jobs.JobFailure;
import dev.switchboard.jobs.JobHandler;
import dev.switchboard.jobs.JobQueue;
import dev.switchboard.jobs.NewJob;
import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.events.Batch;
import dev.switchboard.platform.events.LogConsumer;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies inbound messages off the request path. As a work consumer of the event log it turns each
 * {@code message.received} of an organization with classification on into one job (committed with the consumer's
 * checkpoint, deduplicated per message); the job asks the model and stores {priority, category, sentiment, urgency,
 * language} on the message, which records {@code message.classified} for workflow conditions and routing. A rejected
 * answer stores nothing and dead-letters the job; a rate limit or outage is retried with the queue's backoff.
 */
final class Classifier implements LogConsumer, JobHandler {

    static final String NAME = "ai.classification";
    static final String KIND = "ai.classify";
    private static final Logger log = LoggerFactory.getLogger(Classifier.class);

    private final Assistant assistant;
    private final MessageService messages;
    private final JobQueue jobs;

    Classifier(Assistant assistant, MessageService messages, JobQueue jobs) {
        this.assistant = assistant;
        this.messages = messages;
        this.jobs = jobs;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> types() {
        return Set.of("message.received");
    }

    @Override
    public Future<Runnable> apply(SqlConnection conn, EventEnvelope event, Batch batch) {
        UUID messageId = dev.switchboard.platform.db.Ids.parse(event.data().getString("entityId", ""));
        if (messageId == null) {
            return Future.succeededFuture();
        }
        return batch.once(NAME + event.tenantId(), () -> AiSettingsStore.find(conn, event.tenantId())).compose(s ->
                s == null || !s.enabled() || !s.features().contains(AiSettings.CLASSIFICATION) ? Future.succeededFuture()
                        : jobs.enqueue(conn, event.tenantId(), NewJob.of(KIND, new JsonObject().put("messageId", messageId.toString()))
                                .dedupedBy(KIND + ":" + messageId)))
                .map(v -> null);
    }

    @Override
    public Future<Void> run(Job job) {
        UUID tenantId = job.tenantId();
        UUID messageId = UUID.fromString(job.payload().getString("messageId"));
        Principal system = Principal.automation(tenantId, null, "job-" + job.id());
        return messages.forSystem(tenantId, messageId).compose(m -> {
            if (m == null || !"inbound".equals(m.direction())) {
                return Future.succeededFuture();
            }
            return assistant.enabled(tenantId, AiSettings.CLASSIFICATION)
                    .compose(s -> assistant.ask(system, s, Templates.CLASSIFICATION, "One inbound message:\n" + Fence.wrap("message", m.body())))
                    .compose(result -> messages.classify(tenantId, messageId, result, system.correlationId()))
                    .<Void>mapEmpty()
                    .recover(err -> settle(tenantId, messageId, err));
        });
    }

    /** Turned off or out of budget: nothing to do. A rejected answer: dead. A rate limit or outage: later. */
    private static Future<Void> settle(UUID tenantId, UUID messageId, Throwable err) {
        if (err instanceof ApiException api && (api.status() == 409 || "ai-budget-exhausted".equals(api.type()))) {
            log.info("message left unclassified [tenant: {}, message: {}, reason: {}]", tenantId, messageId, api.detail());
            return Future.succeededFuture();
        }
        if (err instanceof ApiException api && "ai-answer-rejected".equals(api.type())) {
            return Future.failedFuture(JobFailure.permanent(api.detail()));
        }
        return Future.failedFuture(JobFailure.retryable(err instanceof ApiException api ? api.detail() : String.valueOf(err.getMessage())));
    }
}
