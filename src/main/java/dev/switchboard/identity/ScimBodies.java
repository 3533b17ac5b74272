package dev.switchboard.identity;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.InputRules;
import dev.switchboard.platform.http.JsonInput;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.regex.Pattern;

/** Reading SCIM request bodies: whole resources for POST and PUT, and the values PATCH operations carry. */
final class ScimBodies {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]{1,255}$");

    private ScimBodies() {
    }

    /** The request's JSON object; 400 {@code invalidSyntax} for anything else. */
    static JsonObject json(RoutingContext ctx) {
        if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().buffer().length() == 0) {
            throw Scim.badRequest("invalidSyntax", "the request needs a JSON body");
        }
        try {
            return JsonInput.object(ctx.body().buffer());
        } catch (ApiException e) {
            throw Scim.badRequest("invalidSyntax", "the body is not a JSON object within the server's limits");
        }
    }

    /** A user resource's attributes, as POST and PUT send them; {@code active} defaults to true. */
    static ScimUser.Attributes user(JsonObject body) {
        String email = null;
        if (body.getValue("emails") != null) {
            email = primaryEmail(body.getValue("emails"));
        }
        Object userName = body.getValue("userName");
        if (userName == null) {
            throw Scim.badRequest("invalidValue", "userName is required");
        }
        String name = text(userName, "userName", 320);
        if (EMAIL.matcher(name).matches()) {
            email = name.toLowerCase(Locale.ROOT).equals(email == null ? null : email.toLowerCase(Locale.ROOT)) ? email : name;
        } else if (email == null) {
            throw Scim.badRequest("invalidValue", "userName must be an email address, or emails must hold one");
        }
        JsonObject names = body.getValue("name") instanceof JsonObject n ? n : new JsonObject();
        String given = optionalText(names.getValue("givenName"), "name.givenName", 200);
        String family = optionalText(names.getValue("familyName"), "name.familyName", 200);
        String full = optionalText(body.getValue("displayName"), "displayName", 200);
        if (full == null) {
            full = optionalText(names.getValue("formatted"), "name.formatted", 200);
        }
        if (full == null) {
            String joined = ((given == null ? "" : given) + " " + (family == null ? "" : family)).trim();
            full = joined.isEmpty() ? email.substring(0, email.indexOf('@')) : joined;
        }
        boolean active = body.getValue("active") == null || bool(body.getValue("active"), "active");
        return new ScimUser.Attributes(email, full, given, family, optionalText(body.getValue("externalId"), "externalId", 512), active);
    }

    /** The primary (else the first) address of an {@code emails} list. */
    static String primaryEmail(Object emails) {
        if (!(emails instanceof JsonArray list)) {
            throw Scim.badRequest("invalidValue", "emails must be a list");
        }
        String first = null;
        for (Object item : list) {
            if (!(item instanceof JsonObject e)) {
                throw Scim.badRequest("invalidValue", "each email must be an object with a value");
            }
            String value = email(e.getValue("value"), "emails.value");
            if (first == null) {
                first = value;
            }
            if (e.getValue("primary") != null && bool(e.getValue("primary"), "emails.primary")) {
                return value;
            }
        }
        return first;
    }

    static String email(Object value, String field) {
        String email = text(value, field, 320);
        if (!EMAIL.matcher(email).matches()) {
            throw Scim.badRequest("invalidValue", field + " must be an email address");
        }
        return email;
    }

    static String displayName(Object value) {
        return text(value, "displayName", 256);
    }

    /** A boolean, also as the strings {@code "True"} and {@code "False"} in any case (Entra ID sends those). */
    static boolean bool(Object value, String field) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s.toLowerCase(Locale.ROOT));
        }
        throw Scim.badRequest("invalidValue", field + " must be true or false");
    }

    static String text(Object value, String field, int max) {
        String s = optionalText(value, field, max);
        if (s == null) {
            throw Scim.badRequest("invalidValue", field + " is required");
        }
        return s;
    }

    static String optionalText(Object value, String field, int max) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw Scim.badRequest("invalidValue", field + " must be a string");
        }
        String trimmed = s.trim();
        if (trimmed.isEmpty() || trimmed.length() > max || InputRules.hasNul(trimmed)) {
            throw Scim.badRequest("invalidValue", field + " must be 1 to " + max + " characters");
        }
        return trimmed;
    }
}
