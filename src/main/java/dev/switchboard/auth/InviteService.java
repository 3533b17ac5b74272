package dev.switchboard.auth;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.auth.InviteStore.Invite;
import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.tenancy.OrganizationStore;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Records;
import dev.switchboard.tenancy.Role;
import dev.switchboard.tenancy.UserStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Admins invite people by email with a role; the single-use token lets them set their name and
 * password. Expired, used and revoked invites answer 410 with a type saying which.
 */
public final class InviteService {

    private final Db db;
    private final AuthService auth;
    private final Passwords passwords;
    private final Changes changes;
    private final Duration ttl;
    private final Records records;
    private final AccountEmails emails;

    public InviteService(Db db, AuthService auth, Passwords passwords, Changes changes, Duration ttl, Records records,
                         AccountEmails emails) {
        this.db = db;
        this.auth = auth;
        this.passwords = passwords;
        this.changes = changes;
        this.ttl = ttl;
        this.records = records;
        this.emails = emails;
    }

    /**
     * A new invite and its token (shown only now). 403 for a role above the caller's; 409 when the email has
     * an account; for a customer, {@code contactId} (optional) names the contact the portal user will see,
     * 404 when the caller cannot read it.
     */
    public Future<JsonObject> create(Principal p, String email, Role role, UUID contactId) {
        p.require(Permission.USERS_MANAGE);
        if (!p.role().atLeast(role)) {
            return Future.failedFuture(ApiException.forbidden("cannot invite with a role above your own"));
        }
        if (contactId != null && role != Role.CUSTOMER) {
            return Future.failedFuture(ApiException.invalid("contactId", "only customer invites link a contact"));
        }
        UUID id = Ids.next();
        OpaqueToken token = OpaqueToken.generate(p.tenantId(), id);
        Future<Boolean> contactReadable = contactId == null ? Future.succeededFuture(true)
                : records.canRead(p, "contact", contactId);
        return contactReadable.compose(readable -> readable ? db.withoutTenant(conn -> SessionStore.findLogin(conn, email))
                        : Future.failedFuture(ApiException.notFound("contact")))
                .compose(existing -> existing != null
                ? Future.failedFuture(ApiException.conflict("email-taken", "an account with this email already exists"))
                : emails.configured(p.tenantId()).compose(canEmail -> db.inTenant(p.tenantId(), conn -> OrganizationStore.settings(conn, p.tenantId())
                        .compose(org -> {
                            if (!org.allowsEmail(email)) {
                                return Future.failedFuture(ApiException.invalid("email", "must be on one of the organization's "
                                        + "allowed email domains: " + String.join(", ", org.allowedEmailDomains())));
                            }
                            OffsetDateTime expires = OffsetDateTime.now(ZoneOffset.UTC).plus(ttl);
                            return InviteStore.insert(conn, p.tenantId(), id, email, role, token.hash(), p.userId(), expires, contactId)
                                    .compose(invite -> changes.record(conn, p, Change.created("invite.created", "invite", id,
                                            auditView(invite).put("emailed", canEmail))).map(invite))
                                    .compose(invite -> !canEmail ? Future.succeededFuture(invite)
                                            : emails.invite(conn, p.tenantId(), email, org.name(), token.encode(), expires).map(invite));
                        })).map(invite -> invite.toJson().put("token", token.encode()).put("emailed", canEmail))));
    }

    /**
     * Gives a pending (or expired) invite a new token and a new expiry, and emails it when email is configured; the old
     * token stops working. 404 for an unknown id, 409 for an invite that was accepted or revoked.
     */
    public Future<JsonObject> resend(Principal p, UUID id) {
        p.require(Permission.USERS_MANAGE);
        OpaqueToken token = OpaqueToken.generate(p.tenantId(), id);
        OffsetDateTime expires = OffsetDateTime.now(ZoneOffset.UTC).plus(ttl);
        return emails.configured(p.tenantId()).compose(canEmail -> db.inTenant(p.tenantId(), conn -> InviteStore.lock(conn, p.tenantId(), id)
                .compose(invite -> {
                    if (invite == null) {
                        return Future.failedFuture(ApiException.notFound("invite"));
                    }
                    if (invite.acceptedAt() != null || invite.revokedAt() != null) {
                        return Future.failedFuture(ApiException.conflict("invite-not-pending", "the invite was " + invite.status()
                                + "; only a pending or expired invite can be sent again"));
                    }
                    return InviteStore.rotate(conn, p.tenantId(), id, token.hash(), expires)
                            .compose(rotated -> changes.record(conn, p, Change.updated("invite.resent", "invite", id, auditView(invite),
                                    auditView(rotated).put("emailed", canEmail))).map(rotated))
                            .compose(rotated -> !canEmail ? Future.succeededFuture(rotated)
                                    : OrganizationStore.find(conn, p.tenantId()).compose(org -> emails.invite(conn, p.tenantId(),
                                            rotated.email(), org.name(), token.encode(), expires)).map(rotated));
                }))
                .map(invite -> invite.toJson().put("token", token.encode()).put("emailed", canEmail)));
    }

    public Future<List<JsonObject>> list(Principal p, Pages page) {
        p.require(Permission.USERS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> InviteStore.list(conn, p.tenantId(), page))
                .map(invites -> invites.stream().map(Invite::toJson).toList());
    }

    /** Revokes a pending invite; 404 when there is no pending invite with this id. */
    public Future<Void> revoke(Principal p, UUID id) {
        p.require(Permission.USERS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> InviteStore.revoke(conn, p.tenantId(), id).compose(invite -> invite == null
                ? Future.failedFuture(ApiException.notFound("pending invite"))
                : changes.record(conn, p, Change.deleted("invite.revoked", "invite", id, auditView(invite)))));
    }

    /** Creates the invited user and signs them in. */
    public Future<Session> accept(String tokenValue, String fullName, String password, RequestMeta meta) {
        OpaqueToken token = OpaqueToken.parse(tokenValue);
        if (token == null) {
            return Future.failedFuture(ApiException.notFound("invite"));
        }
        UUID tenantId = token.tenantId();
        return passwords.hash(password).compose(hash -> db.inTenant(tenantId, conn -> InviteStore.lock(conn, tenantId, token.id())
                .compose(invite -> {
                    ApiException unusable = unusable(invite, token);
                    if (unusable != null) {
                        return Future.failedFuture(unusable);
                    }
                    UUID userId = Ids.next();
                    Actor actor = Actor.user(userId);
                    return OrganizationStore.find(conn, tenantId).compose(org -> UserStore.insert(conn, tenantId, userId,
                                    invite.email(), fullName, hash, invite.role())
                            .compose(user -> InviteStore.accept(conn, tenantId, invite.id(), userId)
                                    .compose(v -> invite.contactId() == null ? Future.<Void>succeededFuture()
                                            : InviteStore.linkContact(conn, tenantId, userId, invite.contactId()))
                                    .compose(v -> changes.record(conn, tenantId, actor, meta,
                                            Change.created("user.created", "user", userId, user.auditView())
                                                    .withDetails(new JsonObject().put("via", "invite")
                                                            .put("inviteId", invite.id().toString()))))
                                    .compose(v -> auth.openSession(conn, user, org, meta))));
                })))
                .recover(err -> AuthService.isDuplicate(err, "users_email_key")
                        ? Future.failedFuture(ApiException.conflict("email-taken", "an account with this email already exists"))
                        : Future.failedFuture(err));
    }

    private static JsonObject auditView(Invite invite) {
        return new JsonObject().put("email", invite.email()).put("role", invite.role().wire())
                .put("contactId", invite.contactId() == null ? null : invite.contactId().toString());
    }

    private static ApiException unusable(Invite invite, OpaqueToken token) {
        if (invite == null || !token.matches(invite.tokenHash())) {
            return ApiException.notFound("invite");
        }
        return switch (invite.status()) {
            case "accepted" -> ApiException.gone("invite-used", "this invite has already been used");
            case "revoked" -> ApiException.gone("invite-revoked", "this invite was revoked by an administrator");
            case "expired" -> ApiException.gone("invite-expired", "this invite has expired; ask for a new one");
            default -> null;
        };
    }
}
