package dev.switchboard.replies;

import dev.switchboard.platform.http.Validator;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** A canned response's writable fields as sent; on update, null for each field the body does not name. */
record CannedResponseInput(String scope, String shortCode, String name, String body) {

    static final int MAX_NAME = 200;
    static final int MAX_BODY = 20_000;
    static final int MAX_SHORT_CODE = 40;
    static final Pattern SHORT_CODE = Pattern.compile("[a-z0-9_-]{1," + MAX_SHORT_CODE + "}");
    private static final Set<String> SCOPES = Set.of(CannedResponse.ORGANIZATION, CannedResponse.PERSONAL);

    static CannedResponseInput parse(JsonObject json, Validator v, boolean create) {
        String scope = create ? (json.getValue("scope") == null ? CannedResponse.PERSONAL : v.oneOf("scope", SCOPES)) : null;
        String shortCode = create || json.containsKey("shortCode") ? shortCode(json, v) : null;
        String name = create || json.containsKey("name") ? v.requiredString("name", MAX_NAME) : null;
        String body = create || json.containsKey("body") ? v.requiredString("body", MAX_BODY) : null;
        return new CannedResponseInput(scope, shortCode, name, body);
    }

    /** Short codes compare case-insensitively: kept in lower case. */
    private static String shortCode(JsonObject json, Validator v) {
        String code = v.requiredString("shortCode", MAX_SHORT_CODE);
        if (code == null) {
            return null;
        }
        String lower = code.toLowerCase(Locale.ROOT);
        if (!SHORT_CODE.matcher(lower).matches()) {
            v.fail("shortCode", "may hold only letters a-z, digits, '_' and '-'");
            return null;
        }
        return lower;
    }
}
