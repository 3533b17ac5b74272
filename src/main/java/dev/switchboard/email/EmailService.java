package dev.switchboard.email;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.jobs.JobQueue;
import dev.switchboard.jobs.NewJob;
import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Sending email from a template through the job queue, and the send log. Needs {@code workflows.manage}. */
public final class EmailService {

    private final Db db;
    private final Changes changes;
    private final JobQueue jobs;
    private final Clock clock;

    public EmailService(Db db, Changes changes, JobQueue jobs, Clock clock) {
        this.db = db;
        this.changes = changes;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** Logs the email as queued and enqueues its sending; 404 when the template is not in the caller's organization. */
    public Future<EmailMessage> send(Principal p, UUID templateId, String to, JsonObject data, List<String> replyTo) {
        p.require(Permission.WORKFLOWS_MANAGE);
        UUID id = Ids.next();
        return db.inTenant(p.tenantId(), conn -> EmailTemplateStore.find(conn, p.tenantId(), templateId).compose(template -> {
            if (template == null) {
                return Future.failedFuture(ApiException.notFound("email template"));
            }
            NewJob job = NewJob.of(SendEmailHandler.KIND, new JsonObject().put("emailId", id.toString()));
            return jobs.enqueue(conn, p.tenantId(), job).compose(jobId -> {
                EmailMessage email = new EmailMessage(p.tenantId(), id, EmailMessage.TEMPLATE, templateId, template.version(), to, data, replyTo, null,
                        EmailMessage.QUEUED, null, jobId, null, clock.instant().atOffset(ZoneOffset.UTC), null, null);
                return EmailStore.insert(conn, email, p.userId())
                        .compose(v -> changes.record(conn, p, Change.created("email.queued", "email", id, email.auditView())))
                        .compose(v -> existing(conn, p, id));
            });
        }));
    }

    public Future<List<EmailMessage>> list(Principal p, String status, Pages page) {
        p.require(Permission.WORKFLOWS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> EmailStore.list(conn, p.tenantId(), status, page));
    }

    /** The logged email; 404 when there is none in the caller's organization. */
    public Future<EmailMessage> get(Principal p, UUID id) {
        p.require(Permission.WORKFLOWS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id));
    }

    /**
     * For the system (Resend delivery reports), inside the caller's transaction: moves the delivery status of the
     * email Resend knows as {@code providerMessageId} up to {@code status}. A state ranked no higher than the
     * current one (a late "delivered" after "bounced") changes nothing; an unknown id neither. Records
     * {@code email.delivery_updated} when it changed.
     */
    public Future<Void> recordDeliveryForSystem(SqlConnection conn, UUID tenantId, String providerMessageId, String status) {
        return EmailStore.lockByProviderId(conn, tenantId, providerMessageId).compose(before -> before == null ? Future.<Void>succeededFuture()
                : EmailStore.raiseDelivery(conn, tenantId, before.id(), status).compose(after -> after == null ? Future.<Void>succeededFuture()
                        : changes.record(conn, tenantId, Actor.SYSTEM, RequestMeta.SYSTEM, Change.updated("email.delivery_updated", "email",
                                after.id(), before.auditView(), after.auditView()))));
    }

    private static Future<EmailMessage> existing(SqlConnection conn, Principal p, UUID id) {
        return EmailStore.find(conn, p.tenantId(), id).compose(m -> m == null
                ? Future.failedFuture(ApiException.notFound("email")) : Future.succeededFuture(m));
    }
}
