package dev.switchboard.tenancy;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.FieldError;
import dev.switchboard.platform.http.ExpectedVersion;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * The caller's organization and its settings. Reading needs a staff member (portal customers see their
 * organization's name and time zone in {@code me} only); changing needs {@code organization.manage}.
 */
public final class OrganizationService {

    private final Db db;
    private final Changes changes;
    private final RequestBudget budget;

    public OrganizationService(Db db, Changes changes, RequestBudget budget) {
        this.db = db;
        this.changes = changes;
        this.budget = budget;
    }

    /** The organization with its settings; 403 for a portal customer. */
    public Future<OrganizationSettings> get(Principal p) {
        if (p.isCustomer()) {
            return Future.failedFuture(ApiException.forbidden("portal users cannot read the organization's settings"));
        }
        return db.inTenant(p.tenantId(), conn -> OrganizationStore.settings(conn, p.tenantId()));
    }

    /**
     * Applies {@code patch}; 409/412 when {@code expected} is stale, 400 naming each field whose new value does not fit
     * together with the rest (sign-up without an allowed domain, a budget above the server's ceiling). Audited as
     * {@code organization.updated}; an unchanged organization records nothing.
     */
    public Future<OrganizationSettings> update(Principal p, OrganizationPatch patch, ExpectedVersion expected) {
        p.require(Permission.ORGANIZATION_MANAGE);
        return db.inTenant(p.tenantId(), conn -> OrganizationStore.lockSettings(conn, p.tenantId()).compose(before -> {
            if (expected != null && !expected.matches(before.version())) {
                return Future.failedFuture(expected.stale("the organization"));
            }
            OrganizationSettings wanted = patch.applyTo(before);
            List<FieldError> errors = consistency(wanted);
            if (!errors.isEmpty()) {
                return Future.failedFuture(ApiException.invalid(errors));
            }
            return breakGlassIsAnAdmin(conn, wanted).compose(ok -> {
            if (wanted.auditView().equals(before.auditView())) {
                return Future.succeededFuture(before);
            }
            return OrganizationStore.updateSettings(conn, wanted).compose(after -> changes.record(conn, p,
                    Change.updated("organization.updated", "organization", p.tenantId(), before.auditView(), after.auditView()))
                    .map(after));
            });
        })).onSuccess(after -> budget.invalidate(p.tenantId()));
    }

    /** The server's defaults filled into the organization's budget. */
    public RequestBudgetSettings effectiveBudget(OrganizationSettings org) {
        return budget.effective(org.requestBudget());
    }

    /** The break-glass account must be an active admin of the organization: the way in when the identity provider is not. */
    private static Future<Void> breakGlassIsAnAdmin(io.vertx.sqlclient.SqlConnection conn, OrganizationSettings wanted) {
        java.util.UUID id = wanted.identity().breakGlassUserId();
        if (id == null) {
            return Future.succeededFuture();
        }
        return UserStore.find(conn, wanted.id(), id).compose(user -> user != null && user.active() && user.role() == Role.ADMIN
                ? Future.succeededFuture()
                : Future.failedFuture(ApiException.invalid("ssoBreakGlassUserId", "must be an active admin of the organization")));
    }

    private List<FieldError> consistency(OrganizationSettings wanted) {
        List<FieldError> errors = new ArrayList<>();
        if (wanted.identity().ssoEnforced() && wanted.identity().breakGlassUserId() == null) {
            errors.add(new FieldError("ssoEnforced", "needs ssoBreakGlassUserId: an admin who can still sign in with a "
                    + "password when the identity provider is unavailable"));
        }
        if (wanted.selfRegistration() && wanted.allowedEmailDomains().isEmpty()) {
            errors.add(new FieldError("selfRegistration", "needs at least one entry in allowedEmailDomains: "
                    + "sign-up is open only to addresses on the organization's own domains"));
        }
        // only what the organization sets itself is held to the ceiling; the server's own defaults are the operator's call
        RequestBudgetSettings own = wanted.requestBudget();
        RequestBudgetSettings b = budget.effective(own);
        double ceiling = budget.maxRequestsPerSecond();
        boolean ownUser = own.userRequests() != null || own.userWindowSeconds() != null;
        boolean ownOrganization = own.organizationRequests() != null || own.organizationWindowSeconds() != null;
        if (ownUser && (double) b.userRequests() / b.userWindowSeconds() > ceiling) {
            errors.add(new FieldError("requestBudget.userRequests", "allows more than this server's ceiling of "
                    + (long) ceiling + " requests per second"));
        }
        if (ownOrganization && (double) b.organizationRequests() / b.organizationWindowSeconds() > ceiling) {
            errors.add(new FieldError("requestBudget.organizationRequests", "allows more than this server's ceiling of "
                    + (long) ceiling + " requests per second"));
        }
        return errors;
    }
}
