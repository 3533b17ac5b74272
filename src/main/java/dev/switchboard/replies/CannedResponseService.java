package dev.switchboard.replies;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.email.TemplateRenderer;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.StoreException;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Canned responses for the organization's staff. Everyone but portal customers reads the organization's responses
 * and their own; managers and admins write the organization's; whoever may reply to conversations
 * ({@code conversations.write}) keeps personal ones, which nobody else sees (404). Bodies are Mustache templates
 * rendered and escaped like email templates.
 */
public final class CannedResponseService {

    private final Db db;
    private final Changes changes;
    private final TemplateRenderer renderer;
    private final RenderSources sources;

    public CannedResponseService(Db db, Changes changes, TemplateRenderer renderer, RenderSources sources) {
        this.db = db;
        this.changes = changes;
        this.renderer = renderer;
        this.sources = sources;
    }

    /** The responses the caller sees, newest first, matching {@code q} (short code prefix, or words of name and body). */
    Future<List<CannedResponse>> list(Principal p, String scope, String q, Pages page) {
        requireStaff(p);
        String query = q == null ? null : q.trim().toLowerCase(Locale.ROOT);
        String codePrefix = query == null || query.isEmpty() ? null : query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        String textQuery = codePrefix == null ? null : SearchTerms.prefixQuery(query);
        return db.inTenant(p.tenantId(), conn -> CannedResponseStore.list(conn, p.tenantId(), p.userId(), scope, codePrefix, textQuery, page));
    }

    /** 404 unless it is the organization's or the caller's own. */
    Future<CannedResponse> get(Principal p, UUID id) {
        requireStaff(p);
        return db.inTenant(p.tenantId(), conn -> CannedResponseStore.find(conn, p.tenantId(), p.userId(), id))
                .compose(r -> r == null ? Future.failedFuture(ApiException.notFound("canned response")) : Future.succeededFuture(r));
    }

    /** Creates one; 403 without the right to its scope, 400 for a body that is not a valid template, 409 for a taken short code. */
    Future<CannedResponse> create(Principal p, CannedResponseInput input) {
        boolean organization = CannedResponse.ORGANIZATION.equals(input.scope());
        requireWriter(p, organization);
        checkTemplate(input.body());
        CannedResponse draft = new CannedResponse(Ids.next(), organization ? null : p.userId(), input.shortCode(), input.name(),
                input.body(), 1, p.userId(), null, null);
        return db.inTenant(p.tenantId(), conn -> CannedResponseStore.insert(conn, p.tenantId(), draft)
                        .compose(v -> CannedResponseStore.findAny(conn, p.tenantId(), draft.id()))
                        .compose(saved -> changes.record(conn, p, Change.created("canned_response.created", "canned_response", saved.id(),
                                saved.auditView())).map(saved)))
                .recover(CannedResponseService::duplicateCode);
    }

    /** Changes short code, name or body; 409/412 when {@code expected} is stale. */
    Future<CannedResponse> update(Principal p, UUID id, CannedResponseInput input, ExpectedVersion expected) {
        return editable(p, id).compose(before -> {
            if (expected != null && !expected.matches(before.version())) {
                return Future.failedFuture(ExpectedVersion.staleOr(expected, "the canned response"));
            }
            if (input.body() != null) {
                checkTemplate(input.body());
            }
            CannedResponse changed = new CannedResponse(id, before.ownerUserId(),
                    input.shortCode() != null ? input.shortCode() : before.shortCode(), input.name() != null ? input.name() : before.name(),
                    input.body() != null ? input.body() : before.body(), before.version(), before.createdBy(), before.createdAt(),
                    before.updatedAt());
            return db.inTenant(p.tenantId(), conn -> CannedResponseStore.update(conn, p.tenantId(), changed,
                            ExpectedVersion.orRead(expected, before.version()))
                    .compose(updated -> updated ? CannedResponseStore.findAny(conn, p.tenantId(), id)
                            : Future.failedFuture(ExpectedVersion.staleOr(expected, "the canned response")))
                    .compose(after -> changes.record(conn, p, Change.updated("canned_response.updated", "canned_response", id,
                            before.auditView(), after.auditView())).map(after)))
                    .recover(CannedResponseService::duplicateCode);
        });
    }

    Future<Void> delete(Principal p, UUID id) {
        return editable(p, id).compose(before -> db.inTenant(p.tenantId(), conn -> CannedResponseStore.delete(conn, p.tenantId(), id)
                .compose(deleted -> deleted
                        ? changes.record(conn, p, Change.deleted("canned_response.deleted", "canned_response", id, before.auditView()))
                        : Future.failedFuture(ApiException.notFound("canned response")))));
    }

    /**
     * The body filled from a conversation and/or a contact the caller may read (the conversation's own contact when
     * none is named): {@code {{contact.firstName}}}, {@code {{conversation.subject}}}, ... HTML-escaped like email
     * templates. 422 for a conversation or contact the caller cannot read.
     */
    Future<String> render(Principal p, UUID id, UUID conversationId, UUID contactId) {
        return get(p, id).compose(response -> {
            Future<JsonObject> conversation = conversationId == null ? Future.succeededFuture(null)
                    : reference(sources.conversation(p, conversationId), "conversationId", "conversation");
            return conversation.compose(c -> {
                UUID contact = contactId != null ? contactId : c == null ? null : Ids.parse(c.getString("contactId"));
                Future<JsonObject> person = contact == null ? Future.succeededFuture(null)
                        : contactId != null ? reference(sources.contact(p, contact), "contactId", "contact")
                        // the conversation's contact the caller may not read leaves its variables empty
                        : sources.contact(p, contact).otherwise((JsonObject) null);
                return person.map(k -> fill(response.body(), c, k));
            });
        });
    }

    private String fill(String body, JsonObject conversation, JsonObject contact) {
        JsonObject data = new JsonObject()
                .put("conversation", conversation == null ? new JsonObject() : pick(conversation, "subject", "channel", "status", "priority"))
                .put("contact", contact == null ? new JsonObject()
                        : pick(contact, "firstName", "lastName", "fullName", "email", "phone", "company", "region"));
        try {
            return renderer.render("", body, data).html();
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("body", e.getMessage());
        }
    }

    private static JsonObject pick(JsonObject from, String... fields) {
        JsonObject out = new JsonObject();
        for (String field : fields) {
            out.put(field, from.getValue(field));
        }
        return out;
    }

    private static Future<JsonObject> reference(Future<JsonObject> read, String field, String type) {
        return read.recover(err -> Future.failedFuture(err instanceof ApiException api && api.status() == 404
                ? ApiException.unknownReference(field, "no " + type + " you can read has this id") : err));
    }

    /** A response the caller sees and may change: the organization's for managers and admins, personal ones for their owner. */
    private Future<CannedResponse> editable(Principal p, UUID id) {
        return get(p, id).map(r -> {
            requireWriter(p, r.ownerUserId() == null);
            return r;
        });
    }

    private static void requireStaff(Principal p) {
        if (p.isCustomer()) {
            throw ApiException.forbidden("canned responses are for the organization's staff");
        }
    }

    private static void requireWriter(Principal p, boolean organization) {
        requireStaff(p);
        if (organization && !p.role().atLeast(Role.MANAGER)) {
            throw ApiException.forbidden("only managers and admins write the organization's canned responses");
        }
        if (!organization) {
            p.require(Permission.CONVERSATIONS_WRITE);
        }
    }

    private void checkTemplate(String body) {
        String problem = renderer.problem("", body);
        if (problem != null) {
            throw ApiException.invalid("body", problem);
        }
    }

    private static <T> Future<T> duplicateCode(Throwable err) {
        return Future.failedFuture(err instanceof StoreException s && s.kind() == StoreException.Kind.DUPLICATE
                ? ApiException.conflict("duplicate-short-code", "this short code is taken in its scope") : err);
    }
}
