package dev.switchboard.testing;

import io.vertx.core.json.JsonObject;

/** A signed-in user as the tests see it. */
public record Account(String email, String userId, String tenantId, String accessToken, String refreshToken) {

    public static final String PASSWORD = "correct horse battery staple";

    static Account of(JsonObject session, String email) {
        return new Account(email,
                session.getJsonObject("user").getString("id"),
                session.getJsonObject("organization").getString("id"),
                session.getString("accessToken"),
                session.getString("refreshToken"));
    }
}
