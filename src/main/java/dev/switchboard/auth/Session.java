package dev.switchboard.auth;

import dev.switchboard.tenancy.Organization;
import dev.switchboard.tenancy.User;
import io.vertx.core.json.JsonObject;

/** What register, login, refresh and invite acceptance answer. */
public record Session(String accessToken, String refreshToken, long expiresIn, User user, Organization organization) {

    public JsonObject toJson() {
        return new JsonObject()
                .put("accessToken", accessToken)
                .put("refreshToken", refreshToken)
                .put("tokenType", "Bearer")
                .put("expiresIn", expiresIn)
                .put("user", user.toJson())
                .put("organization", organization.toJson());
    }
}
