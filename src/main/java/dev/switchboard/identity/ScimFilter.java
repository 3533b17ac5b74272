package dev.switchboard.identity;

import dev.switchboard.platform.db.Ids;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The filters identity providers send to find a resource before they create it (RFC 7644 §3.4.2.2): one attribute,
 * {@code eq}, one quoted string, such as {@code userName eq "ann@acme.com"}. Anything else answers 400
 * {@code invalidFilter}.
 */
final class ScimFilter {

    private static final Pattern EQ = Pattern.compile("^\\s*([A-Za-z][A-Za-z0-9._:$-]*)\\s+(?i:eq)\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*$");
    private static final int MAX_LENGTH = 1024;

    private ScimFilter() {
    }

    /**
     * The list query of {@code filter} (null: everything) given which attribute (lower-cased) filters which field:
     * {@code name}, {@code externalId} or {@code id}.
     */
    static ScimStore.Query query(String filter, Map<String, String> attributes, int startIndex, int count) {
        if (filter == null || filter.isBlank()) {
            return new ScimStore.Query(null, null, null, startIndex, count);
        }
        Matcher m = filter.length() > MAX_LENGTH ? null : EQ.matcher(filter);
        if (m == null || !m.matches()) {
            throw Scim.badRequest("invalidFilter", "only filters of the form: attribute eq \"value\" are supported, on "
                    + String.join(", ", attributes.keySet()));
        }
        String field = attributes.get(m.group(1).toLowerCase(Locale.ROOT));
        if (field == null) {
            throw Scim.badRequest("invalidFilter", "cannot filter on " + m.group(1) + "; supported: " + String.join(", ", attributes.keySet()));
        }
        String value = m.group(2).replaceAll("\\\\(.)", "$1");
        if (value.indexOf('\u0000') >= 0) {
            throw Scim.badRequest("invalidFilter", "the value must not contain NUL");
        }
        return switch (field) {
            case "name" -> new ScimStore.Query(value, null, null, startIndex, count);
            case "externalId" -> new ScimStore.Query(null, value, null, startIndex, count);
            default -> {
                java.util.UUID id = Ids.parse(value);
                // an id that is no UUID names nothing: an empty list, like any other id that does not exist
                yield id == null ? new ScimStore.Query(null, null, new java.util.UUID(0, 0), startIndex, count)
                        : new ScimStore.Query(null, null, id, startIndex, count);
            }
        };
    }
}
