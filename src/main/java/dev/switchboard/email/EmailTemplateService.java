package dev.switchboard.email;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.StoreException;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.UUID;

/**
 * Email templates: every change is a new version, older versions can be restored (as a new version),
 * and any version renders with sample data. Needs {@code workflows.manage}.
 */
public final class EmailTemplateService {

    private final Db db;
    private final Changes changes;
    private final TemplateRenderer renderer;

    public EmailTemplateService(Db db, Changes changes, TemplateRenderer renderer) {
        this.db = db;
        this.changes = changes;
        this.renderer = renderer;
    }

    public Future<List<EmailTemplate>> list(Principal p, Pages page) {
        p.require(Permission.WORKFLOWS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> EmailTemplateStore.list(conn, p.tenantId(), page));
    }

    /** The template; 404 when there is none in the caller's organization. */
    public Future<EmailTemplate> get(Principal p, UUID id) {
        p.require(Permission.WORKFLOWS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id));
    }

    /** Creates a template at version 1; 400 when it does not compile, 409 when the name is taken. */
    public Future<EmailTemplate> create(Principal p, TemplateContent content) {
        p.require(Permission.WORKFLOWS_MANAGE);
        checkCompiles(content);
        UUID id = Ids.next();
        return db.inTenant(p.tenantId(), conn -> EmailTemplateStore.insert(conn, p.tenantId(), id, content.name(),
                                content.subject(), content.html(), p.userId())
                        .compose(v -> existing(conn, p, id))
                        .compose(t -> changes.record(conn, p, Change.created("email_template.created", "email_template", id,
                                t.auditView())).map(t)))
                .recover(EmailTemplateService::nameTaken);
    }

    /**
     * Saves the content {@code patch} names (null fields keep theirs) as the next version; 400 when the result does not
     * compile, 409/412 when {@code expected} is stale.
     */
    public Future<EmailTemplate> update(Principal p, UUID id, TemplateContent patch, ExpectedVersion expected) {
        p.require(Permission.WORKFLOWS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id).map(before -> {
                    TemplateContent content = patch.over(before);
                    checkCompiles(content);
                    return before;
                }).compose(before -> save(conn, p, before, patch.over(before),
                        ExpectedVersion.orRead(expected, before.version()), "email_template.updated").compose(saved -> saved == null
                        ? Future.failedFuture(ExpectedVersion.staleOr(expected, "the email template")) : Future.succeededFuture(saved))))
                .recover(EmailTemplateService::nameTaken);
    }

    /** For the system, inside the caller's transaction: the organization's template named {@code name} (any case), or null. */
    public Future<EmailTemplate> findByNameForSystem(SqlConnection conn, UUID tenantId, String name) {
        return EmailTemplateStore.findByName(conn, tenantId, name);
    }

    /** Makes {@code version}'s content current again, as a new version; 404 when that version does not exist. */
    public Future<EmailTemplate> rollback(Principal p, UUID id, int version) {
        p.require(Permission.WORKFLOWS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(before ->
                        EmailTemplateStore.version(conn, p.tenantId(), id, version).compose(old -> old == null
                                ? Future.failedFuture(ApiException.notFound("template version"))
                                : save(conn, p, before, new TemplateContent(old.name(), old.subject(), old.html()), before.version(),
                                        "email_template.rolled_back")).compose(saved -> saved == null
                                ? Future.failedFuture(ApiException.conflict("stale-version",
                                        "the email template changed while it was being rolled back; read it again and retry"))
                                : Future.succeededFuture(saved))))
                .recover(EmailTemplateService::nameTaken);
    }

    public Future<List<TemplateVersion>> versions(Principal p, UUID id) {
        p.require(Permission.WORKFLOWS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id)
                .compose(t -> EmailTemplateStore.versions(conn, p.tenantId(), id)));
    }

    /** Renders the current version with {@code data}. */
    public Future<TemplateRenderer.Rendered> preview(Principal p, UUID id, JsonObject data) {
        return get(p, id).compose(t -> {
            try {
                return Future.succeededFuture(renderer.render(t.subject(), t.html(), data));
            } catch (IllegalArgumentException e) {
                return Future.failedFuture(ApiException.invalid("data", e.getMessage()));
            }
        });
    }

    public Future<Void> delete(Principal p, UUID id) {
        p.require(Permission.WORKFLOWS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(t -> EmailTemplateStore.delete(conn, p.tenantId(), id)
                .compose(v -> changes.record(conn, p, Change.deleted("email_template.deleted", "email_template", id, t.auditView())))));
    }

    /** The template after saving; null when the version moved on. */
    private Future<EmailTemplate> save(SqlConnection conn, Principal p, EmailTemplate before, TemplateContent content, int expected,
                                       String action) {
        return EmailTemplateStore.update(conn, p.tenantId(), before.id(), content.name(), content.subject(), content.html(), expected,
                p.userId()).compose(updated -> !updated ? Future.succeededFuture((EmailTemplate) null)
                : existing(conn, p, before.id()).compose(after -> changes.record(conn, p,
                        Change.updated(action, "email_template", before.id(), before.auditView(), after.auditView())).map(after)));
    }

    private void checkCompiles(TemplateContent content) {
        String problem = renderer.problem(content.subject(), content.html());
        if (problem != null) {
            throw ApiException.invalid(problem.startsWith("subject") ? "subject" : "html", problem);
        }
    }

    private static Future<EmailTemplate> existing(SqlConnection conn, Principal p, UUID id) {
        return EmailTemplateStore.find(conn, p.tenantId(), id).compose(t -> t == null
                ? Future.failedFuture(ApiException.notFound("email template")) : Future.succeededFuture(t));
    }

    private static <T> Future<T> nameTaken(Throwable err) {
        return err instanceof StoreException s && s.isDuplicate("email_templates_name_key")
                ? Future.failedFuture(ApiException.conflict("email-template-name-taken", "an email template with this name already exists"))
                : Future.failedFuture(err);
    }

    /** What a template says: its name, subject and HTML body. */
    public record TemplateContent(String name, String subject, String html) {

        /** This content with {@code current}'s value for each field it leaves null. */
        TemplateContent over(EmailTemplate current) {
            return new TemplateContent(name != null ? name : current.name(), subject != null ? subject : current.subject(),
                    html != null ? html : current.html());
        }
    }
}
