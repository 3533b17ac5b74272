package dev.switchboard.integrations;

import dev.switchboard.platform.secrets.SecretBox;
import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An organization's integration settings, decrypted: its own Meta app (secret and verify token, overriding the
 * server's for its pages), the Meta page access token leads are fetched with, and the Resend API key (email
 * sending and received mail). Version 0 means nothing was ever set.
 */
public record IntegrationSettings(String metaAppSecret, String metaVerifyToken, String metaPageAccessToken, String resendApiKey,
                                  int version, OffsetDateTime updatedAt) {

    /** The API field names of the secrets, in the order the API shows them. */
    static final String[] FIELDS = {"metaAppSecret", "metaVerifyToken", "metaPageAccessToken", "resendApiKey"};

    static final IntegrationSettings NONE = new IntegrationSettings(null, null, null, null, 0, null);

    Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("metaAppSecret", metaAppSecret);
        values.put("metaVerifyToken", metaVerifyToken);
        values.put("metaPageAccessToken", metaPageAccessToken);
        values.put("resendApiKey", resendApiKey);
        return values;
    }

    static IntegrationSettings of(Map<String, String> values, int version, OffsetDateTime updatedAt) {
        return new IntegrationSettings(values.get("metaAppSecret"), values.get("metaVerifyToken"), values.get("metaPageAccessToken"),
                values.get("resendApiKey"), version, updatedAt);
    }

    /** The API view: every secret masked ({@code ••••abcd}) or null when unset; never a value. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        values().forEach((field, value) -> json.put(field, SecretBox.mask(value)));
        return json.put("version", version).put("updatedAt", updatedAt == null ? null : Timestamps.format(updatedAt));
    }

    /** The audit view: the names of the secrets that are set ({@code configured}), never their values. */
    JsonObject auditView() {
        JsonArray configured = new JsonArray();
        values().forEach((field, value) -> {
            if (value != null) {
                configured.add(field);
            }
        });
        return new JsonObject().put("configured", configured);
    }

    /** The fields whose value differs in {@code other}. */
    java.util.List<String> changedIn(IntegrationSettings other) {
        Map<String, String> theirs = other.values();
        return values().entrySet().stream().filter(e -> !Objects.equals(e.getValue(), theirs.get(e.getKey()))).map(Map.Entry::getKey).toList();
    }
}
