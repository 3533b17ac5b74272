package dev.switchboard.contacts;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/** The fields of a contact a client writes, as stored (normalised). */
public record ContactValues(String firstName, String lastName, String fullName, String email, String phone, String company,
                            String region, List<String> tags, UUID ownerUserId, UUID teamId, JsonObject customFields) {

    /** These values with {@code custom} as the custom field map. */
    public ContactValues withCustomFields(JsonObject custom) {
        return new ContactValues(firstName, lastName, fullName, email, phone, company, region, tags, ownerUserId, teamId, custom);
    }
}
