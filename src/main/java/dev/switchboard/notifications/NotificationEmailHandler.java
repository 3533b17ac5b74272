package dev.switchboard.notifications;

import dev.switchboard.email.EmailLog;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.EmailTemplate;
import dev.switchboard.email.EmailTemplateService;
import dev.switchboard.email.ResendClient;
import dev.switchboard.email.TemplateRenderer;
import dev.switchboard.jobs.Job;
import dev.switchboard.jobs.JobFailure;
import dev.switchboard.jobs.JobHandler;
import dev.switchboard.platform.db.Db;
import dev.switchboard.tenancy.User;
import dev.switchboard.tenancy.UserStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The {@code notification.email} job: emails one new notification to its user through Resend, rendered with the
 * organization's own email template named {@code notification.<type>} (for example {@code notification.mention}),
 * else the one named {@code notification}, else a plain default. Templates are the versioned ones of
 * {@code /api/v1/email-templates}; their data is {@code notification} (title, body, link, type) and {@code user}
 * (fullName, email). Retried with the queue's backoff, then dead-lettered where an admin sees it; a retry carries
 * the same idempotency key, so the email never arrives twice. Each email is kept in the organization's send log.
 */
public final class NotificationEmailHandler implements JobHandler {

    public static final String KIND = "notification.email";
    static final String DEFAULT_SUBJECT = "{{notification.title}}";
    static final String DEFAULT_HTML = "<p>{{notification.title}}</p>{{#notification.body}}<p>{{notification.body}}</p>{{/notification.body}}";

    private final Db db;
    private final EmailTemplateService templates;
    private final TemplateRenderer renderer;
    private final ResendClient resend;
    private final EmailLog log;
    private final Function<UUID, Future<String>> tenantApiKeys;

    public NotificationEmailHandler(Db db, EmailTemplateService templates, TemplateRenderer renderer, ResendClient resend,
                                    EmailLog log, Function<UUID, Future<String>> tenantApiKeys) {
        this.db = db;
        this.templates = templates;
        this.renderer = renderer;
        this.resend = resend;
        this.log = log;
        this.tenantApiKeys = tenantApiKeys;
    }

    static JsonObject payload(UUID userId, UUID notificationId) {
        return new JsonObject().put("userId", userId.toString()).put("notificationId", notificationId.toString());
    }

    @Override
    public Future<Void> run(Job job) {
        UUID tenantId = job.tenantId();
        UUID userId = UUID.fromString(job.payload().getString("userId"));
        UUID notificationId = UUID.fromString(job.payload().getString("notificationId"));
        return db.inTenant(tenantId, conn -> NotificationStore.find(conn, tenantId, userId, notificationId).compose(n -> n == null
                ? Future.<Pending>succeededFuture()
                : UserStore.find(conn, tenantId, userId).compose(user -> user == null || !user.active() || user.email() == null
                        ? Future.<Pending>succeededFuture()
                        : templates.findByNameForSystem(conn, tenantId, "notification." + n.type())
                                .compose(t -> t != null ? Future.succeededFuture(t) : templates.findByNameForSystem(conn, tenantId, "notification"))
                                .map(t -> new Pending(n, user, t)))))
                .compose(pending -> pending == null ? Future.succeededFuture() : send(job, pending));
    }

    @Override
    public Future<Void> onDead(SqlConnection conn, Job job, String error) {
        return log.failed(conn, job.tenantId(), job.id(), error);
    }

    private Future<Void> send(Job job, Pending p) {
        JsonObject data = new JsonObject()
                .put("notification", new JsonObject().put("title", p.notification().title()).put("body", p.notification().body())
                        .put("link", p.notification().link()).put("type", p.notification().type()))
                .put("user", new JsonObject().put("fullName", p.user().fullName()).put("email", p.user().email()));
        TemplateRenderer.Rendered rendered;
        try {
            rendered = p.template() == null ? renderer.render(DEFAULT_SUBJECT, DEFAULT_HTML, data)
                    : renderer.render(p.template().subject(), p.template().html(), data);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(JobFailure.permanent(e.getMessage()));
        }
        ResendClient.Outgoing email = new ResendClient.Outgoing("notification/" + p.notification().id(), p.user().email(),
                rendered.subject(), rendered.html(), List.of());
        return log.send(job.tenantId(), job.id(), EmailMessage.NOTIFICATION, email.to(), email.subject(),
                () -> tenantApiKeys.apply(job.tenantId()).compose(key -> resend.send(email, key)));
    }

    private record Pending(Notification notification, User user, EmailTemplate template) {
    }
}
