package dev.switchboard.auth;

import dev.switchboard.email.EmailLog;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.jobs.Job;
import dev.switchboard.jobs.JobFailure;
import dev.switchboard.jobs.JobHandler;
import dev.switchboard.jobs.JobQueue;
import dev.switchboard.jobs.NewJob;
import dev.switchboard.platform.secrets.SecretBox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/**
 * Account emails (password reset, invitation) through the job queue and the email pipeline, logged in the
 * organization's send log like any other email (without their content). The token an email carries is sealed with
 * the secrets key in the job's payload, never stored in clear; the job's id keys the send, so a retried job does not
 * send twice.
 */
public final class AccountEmails implements JobHandler {

    public static final String KIND = "account.email";
    static final String PASSWORD_RESET = EmailMessage.PASSWORD_RESET;
    static final String INVITE = EmailMessage.INVITE;

    /** Sends one email for an organization (its own Resend key when it has one, else the server's); answers Resend's id. */
    public interface Sender {
        Future<String> send(UUID tenantId, String idempotencyKey, String to, String subject, String html);
    }

    private final JobQueue jobs;
    private final SecretBox box;
    private final Sender sender;
    private final EmailLog log;
    private final Function<UUID, Future<Boolean>> configured;
    private final String appUrl;

    /**
     * @param configured whether email can be sent for an organization (a Resend key and a sender address)
     * @param appUrl     the web app that links in emails point to ({@code <appUrl>/reset-password?token=...}); null puts
     *                   the bare token in the email
     */
    public AccountEmails(JobQueue jobs, SecretBox box, Sender sender, EmailLog log, Function<UUID, Future<Boolean>> configured,
                         String appUrl) {
        this.jobs = jobs;
        this.box = box;
        this.sender = sender;
        this.log = log;
        this.configured = configured;
        this.appUrl = appUrl == null || appUrl.isBlank() ? null : appUrl.replaceAll("/+$", "");
    }

    /** Whether email can be sent for the organization now. */
    public Future<Boolean> configured(UUID tenantId) {
        return configured.apply(tenantId);
    }

    /** Queues a password reset email inside the caller's transaction. */
    Future<Void> passwordReset(SqlConnection conn, UUID tenantId, String to, String fullName, String token, OffsetDateTime expiresAt) {
        return enqueue(conn, tenantId, new JsonObject().put("template", PASSWORD_RESET).put("to", to).put("fullName", fullName)
                .put("token", box.seal(token)).put("expiresAt", expiresAt.toString()));
    }

    /** Queues an invitation email inside the caller's transaction. */
    Future<Void> invite(SqlConnection conn, UUID tenantId, String to, String organizationName, String token, OffsetDateTime expiresAt) {
        return enqueue(conn, tenantId, new JsonObject().put("template", INVITE).put("to", to).put("organizationName", organizationName)
                .put("token", box.seal(token)).put("expiresAt", expiresAt.toString()));
    }

    private Future<Void> enqueue(SqlConnection conn, UUID tenantId, JsonObject payload) {
        return jobs.enqueue(conn, tenantId, NewJob.of(KIND, payload)).mapEmpty();
    }

    @Override
    public Future<Void> run(Job job) {
        JsonObject p = job.payload();
        String token;
        try {
            token = box.open(p.getString("token"));
        } catch (RuntimeException e) {
            return Future.failedFuture(JobFailure.permanent("the email's token cannot be decrypted with this server's secrets keys"));
        }
        String to = p.getString("to");
        String kind = p.getString("template", "");
        return switch (kind) {
            case PASSWORD_RESET -> send(job, kind, to, "Reset your Switchboard password",
                    "<p>Hello " + escape(p.getString("fullName")) + ",</p>"
                            + "<p>Someone asked to reset the password of your Switchboard account. If it was you, "
                            + link("reset-password", token, "choose a new password")
                            + " before " + escape(p.getString("expiresAt")) + ". It works once.</p>"
                            + "<p>If it was not you, ignore this email: your password stays as it is.</p>");
            case INVITE -> send(job, kind, to, "You are invited to " + p.getString("organizationName") + " on Switchboard",
                    "<p>You are invited to join <strong>" + escape(p.getString("organizationName")) + "</strong> on Switchboard. "
                            + link("accept-invite", token, "accept the invitation")
                            + " before " + escape(p.getString("expiresAt")) + ".</p>");
            default -> Future.failedFuture(JobFailure.permanent("unknown account email " + p.getString("template")));
        };
    }

    private Future<Void> send(Job job, String kind, String to, String subject, String html) {
        return log.send(job.tenantId(), job.id(), kind, to, subject,
                () -> sender.send(job.tenantId(), "account-email/" + job.id(), to, subject, html));
    }

    @Override
    public Future<Void> onDead(SqlConnection conn, Job job, String error) {
        return log.failed(conn, job.tenantId(), job.id(), error);
    }

    private String link(String page, String token, String text) {
        if (appUrl == null) {
            return "use this code to " + text + ": <code>" + escape(token) + "</code>";
        }
        String href = appUrl + "/" + page + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return "<a href=\"" + escape(href) + "\">" + text + "</a>";
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
