package dev.switchboard.identity;

import dev.switchboard.platform.db.Ids;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PATCH operations (RFC 7644 §3.5.2) in the shapes identity providers send: ops in any case ({@code Replace}),
 * booleans as strings ({@code "False"}), a path or none (Okta's {@code {"op":"replace","value":{"active":false}}}),
 * and members removed by filter ({@code members[value eq "…"]}) or by value list (Entra ID).
 */
final class ScimPatch {

    private static final Pattern MEMBER_FILTER = Pattern.compile("^members\\[\\s*value\\s+eq\\s+\"([^\"]*)\"\\s*]$", Pattern.CASE_INSENSITIVE);
    private static final Pattern EMAIL_FILTER = Pattern.compile("^emails\\[[^\\]]*]\\.value$", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE = Pattern.compile("^[A-Za-z][A-Za-z0-9._:$\\-\\[\\]\" =]*$");
    private static final int MAX_OPERATIONS = 1000;

    /** One operation: {@code op} lower-cased, {@code path} null when absent. */
    record Op(String op, String path, Object value) {
    }

    private ScimPatch() {
    }

    static List<Op> operations(JsonObject body) {
        Object list = body.getValue("Operations", body.getValue("operations"));
        if (!(list instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_OPERATIONS) {
            throw Scim.badRequest("invalidSyntax", "Operations must be a list of 1 to " + MAX_OPERATIONS + " operations");
        }
        List<Op> ops = new ArrayList<>();
        for (Object item : array) {
            if (!(item instanceof JsonObject o) || !(o.getValue("op") instanceof String op)) {
                throw Scim.badRequest("invalidSyntax", "each operation must be an object with an op");
            }
            String name = op.toLowerCase(Locale.ROOT);
            if (!Set.of("add", "replace", "remove").contains(name)) {
                throw Scim.badRequest("invalidSyntax", "op must be add, replace or remove, not " + op);
            }
            Object path = o.getValue("path");
            if (path != null && (!(path instanceof String p) || p.isBlank() || p.length() > 512 || !ATTRIBUTE.matcher(p).matches())) {
                throw Scim.badRequest("invalidPath", "path must be an attribute path such as active or members[value eq \"...\"]");
            }
            if (path == null && !name.equals("remove") && !(o.getValue("value") instanceof JsonObject)) {
                throw Scim.badRequest("invalidSyntax", "an operation without a path needs an object value");
            }
            if (path == null && name.equals("remove")) {
                throw Scim.badRequest("noTarget", "remove needs a path");
            }
            ops.add(new Op(name, (String) path, o.getValue("value")));
        }
        return ops;
    }

    /** {@code before} with the operations applied. */
    static ScimUser.Attributes applyToUser(List<Op> ops, ScimUser.Attributes before) {
        UserDraft draft = new UserDraft(before);
        for (Op op : ops) {
            if (op.path() == null) {
                JsonObject value = (JsonObject) op.value();
                value.fieldNames().forEach(field -> draft.set(field, value.getValue(field), false));
            } else {
                draft.set(op.path(), op.value(), op.op().equals("remove"));
            }
        }
        return draft.attributes();
    }

    /** The group's name, external id and member ids after the operations. */
    record GroupState(String displayName, String externalId, Set<UUID> members) {
    }

    static GroupState applyToGroup(List<Op> ops, GroupState before) {
        String name = before.displayName();
        String externalId = before.externalId();
        Set<UUID> members = new LinkedHashSet<>(before.members());
        for (Op op : ops) {
            if (op.path() == null) {
                JsonObject value = (JsonObject) op.value();
                if (value.getValue("displayName") != null) {
                    name = ScimBodies.displayName(value.getValue("displayName"));
                }
                if (value.containsKey("externalId")) {
                    externalId = ScimBodies.optionalText(value.getValue("externalId"), "externalId", 512);
                }
                if (value.containsKey("members")) {
                    members = new LinkedHashSet<>(memberIds(value.getValue("members")));
                }
                continue;
            }
            String path = op.path().trim();
            Matcher filtered = MEMBER_FILTER.matcher(path);
            if (filtered.matches()) {
                if (!op.op().equals("remove")) {
                    throw Scim.badRequest("invalidPath", "members[value eq ...] can only be removed");
                }
                UUID id = Ids.parse(filtered.group(1));
                if (id != null) {
                    members.remove(id);
                }
                continue;
            }
            switch (path.toLowerCase(Locale.ROOT)) {
                case "members" -> {
                    switch (op.op()) {
                        case "add" -> members.addAll(memberIds(op.value()));
                        case "replace" -> members = new LinkedHashSet<>(memberIds(op.value()));
                        default -> {
                            if (op.value() == null) {
                                members.clear();
                            } else {
                                members.removeAll(memberIds(op.value()));
                            }
                        }
                    }
                }
                case "displayname" -> {
                    if (op.op().equals("remove")) {
                        throw Scim.badRequest("mutability", "displayName is required");
                    }
                    name = ScimBodies.displayName(op.value());
                }
                case "externalid" -> externalId = op.op().equals("remove") ? null : ScimBodies.optionalText(op.value(), "externalId", 512);
                default -> throw Scim.badRequest("invalidPath", "a group has no attribute " + path);
            }
        }
        return new GroupState(name, externalId, members);
    }

    /** Member ids from {@code [{"value": id}, ...]} (or one such object); an id that is no UUID is refused. */
    static Set<UUID> memberIds(Object value) {
        JsonArray list = value instanceof JsonArray a ? a : value instanceof JsonObject o ? new JsonArray().add(o) : null;
        if (list == null || list.size() > 10_000) {
            throw Scim.badRequest("invalidValue", "members must be a list of {\"value\": user id}");
        }
        Set<UUID> ids = new LinkedHashSet<>();
        for (Object item : list) {
            UUID id = item instanceof JsonObject o && o.getValue("value") instanceof String s ? Ids.parse(s) : null;
            if (id == null) {
                throw Scim.badRequest("invalidValue", "each member must be {\"value\": a user id}");
            }
            ids.add(id);
        }
        return ids;
    }

    /** A user's attributes while operations apply to them. */
    private static final class UserDraft {
        private String email;
        private String fullName;
        private String givenName;
        private String familyName;
        private String externalId;
        private boolean active;
        private boolean nameSet;

        UserDraft(ScimUser.Attributes a) {
            email = a.email();
            fullName = a.fullName();
            givenName = a.givenName();
            familyName = a.familyName();
            externalId = a.externalId();
            active = a.active();
        }

        void set(String path, Object value, boolean remove) {
            String p = path.trim();
            if (EMAIL_FILTER.matcher(p).matches()) {
                if (!remove) {
                    email = ScimBodies.email(value, "emails.value");
                }
                return;
            }
            switch (p.toLowerCase(Locale.ROOT)) {
                case "active" -> {
                    if (remove) {
                        throw Scim.badRequest("mutability", "active cannot be removed; set it to false");
                    }
                    active = ScimBodies.bool(value, "active");
                }
                case "username" -> {
                    if (remove) {
                        throw Scim.badRequest("mutability", "userName is required");
                    }
                    email = ScimBodies.email(value, "userName");
                }
                case "emails" -> {
                    if (!remove) {
                        String primary = ScimBodies.primaryEmail(value);
                        if (primary != null) {
                            email = primary;
                        }
                    }
                }
                case "displayname" -> {
                    if (!remove) {
                        fullName = ScimBodies.text(value, "displayName", 200);
                        nameSet = true;
                    }
                }
                case "name" -> {
                    if (remove) {
                        givenName = null;
                        familyName = null;
                    } else if (value instanceof JsonObject name) {
                        name.fieldNames().forEach(f -> set("name." + f, name.getValue(f), false));
                    } else {
                        throw Scim.badRequest("invalidValue", "name must be an object");
                    }
                }
                case "name.givenname" -> givenName = remove ? null : ScimBodies.optionalText(value, "name.givenName", 200);
                case "name.familyname" -> familyName = remove ? null : ScimBodies.optionalText(value, "name.familyName", 200);
                case "name.formatted" -> {
                    if (!remove && value != null) {
                        fullName = ScimBodies.text(value, "name.formatted", 200);
                        nameSet = true;
                    }
                }
                case "externalid" -> externalId = remove ? null : ScimBodies.optionalText(value, "externalId", 512);
                case "id", "meta", "schemas", "groups", "roles", "password" -> {
                    // read-only or write-only attributes the service does not keep: ignored, as RFC 7644 §3.5.2 allows for readOnly ones
                }
                default -> {
                    // attributes the service does not keep (title, phone numbers, the enterprise extension…) are accepted and ignored
                }
            }
        }

        ScimUser.Attributes attributes() {
            String name = fullName;
            if (!nameSet && (givenName != null || familyName != null)) {
                String joined = ((givenName == null ? "" : givenName) + " " + (familyName == null ? "" : familyName)).trim();
                name = joined.isEmpty() ? fullName : joined;
            }
            return new ScimUser.Attributes(email, name, givenName, familyName, externalId, active);
        }
    }
}
