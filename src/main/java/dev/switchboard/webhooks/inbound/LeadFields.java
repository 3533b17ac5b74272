package dev.switchboard.webhooks.inbound;

import dev.switchboard.contacts.ContactValues;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps a Graph API lead's {@code field_data} to contact values: Meta's standard questions (full_name, first_name,
 * last_name, email, phone_number, company_name) become contact fields, every other answer a custom field.
 */
final class LeadFields {

    private static final int MAX_VALUE_LENGTH = 500;
    private static final Map<String, String> STANDARD = Map.of("full_name", "fullName", "first_name", "firstName",
            "last_name", "lastName", "email", "email", "phone_number", "phone", "phone", "phone", "company_name", "company");

    private LeadFields() {
    }

    static ContactValues contact(JsonObject lead) {
        JsonObject standard = new JsonObject();
        JsonObject custom = new JsonObject();
        JsonArray fields = lead.getValue("field_data") instanceof JsonArray a ? a : new JsonArray();
        for (Object o : fields) {
            if (!(o instanceof JsonObject field) || !(field.getValue("name") instanceof String name)) {
                continue;
            }
            String value = first(field.getValue("values"));
            if (value == null) {
                continue;
            }
            String key = STANDARD.get(name.toLowerCase(Locale.ROOT));
            if (key != null) {
                standard.put(key, value);
            } else if (custom.size() < 50) {
                custom.put(name.length() > 100 ? name.substring(0, 100) : name, value);
            }
        }
        String email = standard.getString("email");
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            custom.put("email", email);
            email = null;
        }
        return new ContactValues(standard.getString("firstName"), standard.getString("lastName"), standard.getString("fullName"),
                email, standard.getString("phone"), standard.getString("company"), null, List.of("meta-lead"), null, null, custom);
    }

    private static String first(Object values) {
        if (!(values instanceof JsonArray array) || array.isEmpty() || array.getValue(0) == null) {
            return null;
        }
        String value = array.getValue(0).toString().trim();
        if (value.isEmpty()) {
            return null;
        }
        return value.length() > MAX_VALUE_LENGTH ? value.substring(0, MAX_VALUE_LENGTH) : value;
    }
}
