package dev.switchboard.tenancy;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * An organization's single sign-on and provisioning settings, kept with its other settings.
 *
 * @param ssoEnforced       password login is refused for its users, except {@code breakGlassUserId}
 * @param ssoJustInTime     a first sign-in through the organization's identity provider may create the account
 *                          (only with an email on one of the organization's allowed domains)
 * @param provisionedRole   the role of people created by SCIM or a first SSO sign-in, and of SCIM-managed people in no
 *                          group mapped to a role
 * @param breakGlassUserId  the admin who may still sign in with a password while SSO is enforced; null: nobody
 */
public record IdentitySettings(boolean ssoEnforced, boolean ssoJustInTime, Role provisionedRole, UUID breakGlassUserId) {

    static IdentitySettings fromJson(JsonObject settings) {
        String breakGlass = settings.getString("ssoBreakGlassUserId");
        return new IdentitySettings(settings.getBoolean("ssoEnforced", false), settings.getBoolean("ssoJustInTime", false),
                Role.fromWire(settings.getString("provisionedRole", Role.VIEWER.wire())),
                breakGlass == null ? null : UUID.fromString(breakGlass));
    }

    JsonObject toJson() {
        return new JsonObject()
                .put("ssoEnforced", ssoEnforced)
                .put("ssoJustInTime", ssoJustInTime)
                .put("provisionedRole", provisionedRole.wire())
                .put("ssoBreakGlassUserId", breakGlassUserId == null ? null : breakGlassUserId.toString());
    }

    /** Whether {@code userId} may sign in with a password. */
    public boolean allowsPasswordLogin(UUID userId) {
        return !ssoEnforced || userId.equals(breakGlassUserId);
    }

    /** A partial change: null leaves a setting as it is; {@code clearsBreakGlass} sets it to nobody. */
    public record Patch(Boolean ssoEnforced, Boolean ssoJustInTime, Role provisionedRole, UUID breakGlassUserId,
                        boolean clearsBreakGlass) {

        IdentitySettings applyTo(IdentitySettings before) {
            return new IdentitySettings(
                    ssoEnforced != null ? ssoEnforced : before.ssoEnforced(),
                    ssoJustInTime != null ? ssoJustInTime : before.ssoJustInTime(),
                    provisionedRole != null ? provisionedRole : before.provisionedRole(),
                    clearsBreakGlass ? null : breakGlassUserId != null ? breakGlassUserId : before.breakGlassUserId());
        }
    }
}
