package dev.switchboard.email;

import dev.switchboard.jobs.Job;
import dev.switchboard.jobs.JobFailure;
import dev.switchboard.jobs.JobHandler;
import dev.switchboard.platform.db.Db;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.UUID;
import java.util.function.Function;

/**
 * The {@code email.send} job: renders the logged email's template version with its data, sends it
 * through Resend and records the outcome in the log. When the job dies, the email is marked failed.
 */
public final class SendEmailHandler implements JobHandler {

    public static final String KIND = "email.send";

    private final Db db;
    private final TemplateRenderer renderer;
    private final ResendClient resend;
    private final EmailLog log;
    private final Function<UUID, Future<String>> tenantApiKeys;

    /** @param tenantApiKeys an organization's own Resend API key, or null when it uses the server's */
    public SendEmailHandler(Db db, TemplateRenderer renderer, ResendClient resend, EmailLog log, Function<UUID, Future<String>> tenantApiKeys) {
        this.db = db;
        this.renderer = renderer;
        this.resend = resend;
        this.log = log;
        this.tenantApiKeys = tenantApiKeys;
    }

    @Override
    public Future<Void> run(Job job) {
        UUID emailId = UUID.fromString(job.payload().getString("emailId"));
        return db.inTenant(job.tenantId(), conn -> EmailStore.find(conn, job.tenantId(), emailId)
                        .compose(email -> email == null ? Future.failedFuture(JobFailure.permanent("email " + emailId + " is gone"))
                                : EmailTemplateStore.version(conn, job.tenantId(), email.templateId(), email.templateVersion())
                                        .map(version -> new Pending(email, version))))
                .compose(pending -> {
                    if (pending.email().status().equals(EmailMessage.SENT)) {
                        return Future.succeededFuture();
                    }
                    if (pending.version() == null) {
                        return Future.failedFuture(JobFailure.permanent("the email template was deleted"));
                    }
                    return send(job, pending);
                });
    }

    private Future<Void> send(Job job, Pending pending) {
        EmailMessage email = pending.email();
        TemplateRenderer.Rendered rendered;
        try {
            rendered = renderer.render(pending.version().subject(), pending.version().html(), email.data());
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(JobFailure.permanent(e.getMessage()));
        }
        ResendClient.Outgoing outgoing = new ResendClient.Outgoing("email/" + email.id(), email.to(), rendered.subject(),
                rendered.html(), email.replyTo());
        return log.outcome(job.tenantId(), email.id(), rendered.subject(),
                tenantApiKeys.apply(job.tenantId()).compose(apiKey -> resend.send(outgoing, apiKey)));
    }

    @Override
    public Future<Void> onDead(SqlConnection conn, Job job, String error) {
        return EmailStore.failed(conn, job.tenantId(), UUID.fromString(job.payload().getString("emailId")), error);
    }

    private record Pending(EmailMessage email, TemplateVersion version) {
    }
}
