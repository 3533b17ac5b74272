package dev.switchboard.webhooks.outbound;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.jobs.Job;
import dev.switchboard.jobs.JobFailure;
import dev.switchboard.jobs.JobHandler;
import dev.switchboard.jobs.NewJob;
import dev.switchboard.jobs.RetryPolicy;
import dev.switchboard.jobs.RetrySchedule;
import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.http.OutboundAddresses;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.platform.secrets.SecretBox;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The {@code webhook.deliver} job: POSTs one event to one endpoint, signed (Standard Webhooks), and logs
 * the attempt. A non-2xx answer, a timeout or a connection failure is retried on the Svix schedule;
 * when the last attempt fails the endpoint is disabled and {@code webhook_endpoint.disabled} recorded.
 */
public final class DeliverWebhookHandler implements JobHandler {

    public static final String KIND = "webhook.deliver";
    static final String ENDPOINT_ID = "endpointId";
    static final String EVENT_ID = "eventId";
    static final String EVENT_TYPE = "eventType";
    static final String MESSAGE = "message";

    /** Svix's schedule: at once, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h later. */
    public static final RetryPolicy SCHEDULE = new RetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10)));

    private static final int MAX_ERROR = 500;

    private final Db db;
    private final WebClient client;
    private final Changes changes;
    private final Clock clock;
    private final Duration timeout;
    private final SecretBox box;
    private final OutboundAddresses addresses;

    public DeliverWebhookHandler(Db db, WebClient client, Changes changes, Clock clock, Duration timeout, SecretBox box,
                                 OutboundAddresses addresses) {
        this.addresses = addresses;
        this.db = db;
        this.client = client;
        this.changes = changes;
        this.clock = clock;
        this.timeout = timeout;
        this.box = box;
    }

    /**
     * A signed delivery of {@code message} ({@code {type, timestamp, data}}) to one endpoint of the job's tenant;
     * {@code messageId} is the {@code webhook-id} and the job's dedupe key, so asking twice sends once.
     */
    public static NewJob job(UUID endpointId, UUID messageId, String eventType, JsonObject message) {
        JsonObject payload = new JsonObject().put(ENDPOINT_ID, endpointId.toString()).put(EVENT_ID, messageId.toString())
                .put(EVENT_TYPE, eventType).put(MESSAGE, message);
        return NewJob.of(KIND, payload).dedupedBy("webhook:" + endpointId + ":" + messageId);
    }

    @Override
    public RetryPolicy retryPolicy() {
        return SCHEDULE;
    }

    @Override
    public Future<Void> run(Job job) {
        UUID endpointId = UUID.fromString(job.payload().getString(ENDPOINT_ID));
        return db.inTenant(job.tenantId(), conn -> WebhookStore.find(conn, job.tenantId(), endpointId))
                .compose(endpoint -> endpoint == null || !endpoint.enabled() ? Future.succeededFuture()
                        // checked again before each call: the name may resolve elsewhere than when it was saved
                        : addresses.refusal(endpoint.url()).compose(refusal -> refusal == null ? deliver(job, endpoint)
                                : Future.failedFuture(JobFailure.permanent("the endpoint URL " + refusal))));
    }

    private Future<Void> deliver(Job job, WebhookEndpoint endpoint) {
        String messageId = job.payload().getString(EVENT_ID);
        String body = job.payload().getJsonObject(MESSAGE, new JsonObject()).encode();
        Instant attemptedAt = clock.instant();
        long timestamp = attemptedAt.getEpochSecond();
        long started = System.nanoTime();
        return client.postAbs(endpoint.url())
                .putHeader("content-type", "application/json")
                .putHeader("webhook-id", messageId)
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature", WebhookSignature.sign(box.open(endpoint.secret()), messageId, timestamp, body))
                .connectTimeout(timeout.toMillis())
                .idleTimeout(timeout.toMillis())
                .timeout(timeout.toMillis())
                .sendBuffer(Buffer.buffer(body))
                .transform(ar -> {
                    int millis = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
                    HttpResponse<Buffer> response = ar.succeeded() ? ar.result() : null;
                    boolean ok = response != null && response.statusCode() / 100 == 2;
                    String error = ok ? null : response != null ? "endpoint answered " + response.statusCode() : describe(ar.cause());
                    WebhookDelivery delivery = new WebhookDelivery(Ids.next(), endpoint.id(), UUID.fromString(messageId),
                            job.payload().getString(EVENT_TYPE), job.id(), job.attempts(), response == null ? null : response.statusCode(),
                            millis, ok, error, attemptedAt.atOffset(ZoneOffset.UTC));
                    return db.inTenant(job.tenantId(), conn -> WebhookStore.insertDelivery(conn, job.tenantId(), delivery))
                            .compose(v -> ok ? Future.succeededFuture() : Future.failedFuture(JobFailure.retryable(error)));
                });
    }

    @Override
    public Future<Void> onDead(SqlConnection conn, Job job, String error) {
        UUID endpointId = UUID.fromString(job.payload().getString(ENDPOINT_ID));
        String reason = "disabled after " + job.attempts() + " failed attempts to deliver " + job.payload().getString(EVENT_ID)
                + ": " + error;
        RequestMeta meta = new RequestMeta("job-" + job.id(), null, null);
        return WebhookStore.find(conn, job.tenantId(), endpointId).compose(before -> before == null ? Future.succeededFuture()
                : WebhookStore.disable(conn, job.tenantId(), endpointId, reason).compose(disabled -> !disabled ? Future.succeededFuture()
                        : WebhookStore.find(conn, job.tenantId(), endpointId).compose(after -> changes.record(conn, job.tenantId(),
                                Actor.SYSTEM, meta, Change.updated("webhook_endpoint.disabled", "webhook_endpoint", endpointId,
                                        before.auditView(), after.auditView()).withDetails(new JsonObject().put("reason", reason))))));
    }

    private static String describe(Throwable cause) {
        String message = cause == null ? null : cause.getMessage();
        String text = message == null ? (cause == null ? "unknown error" : cause.getClass().getSimpleName()) : message;
        return text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR);
    }
}
