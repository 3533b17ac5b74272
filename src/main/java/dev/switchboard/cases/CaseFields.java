package dev.switchboard.cases;

import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.http.Validator;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.UUID;

/** Request field parsing the case endpoints share, adding to the request's {@link Validator}. */
final class CaseFields {

    static final Set<String> CAMPAIGN_KEYS = Set.of("pageId", "formId", "adId", "campaignId");

    private CaseFields() {
    }

    /** An optional UUID field; null when absent or null. */
    static UUID uuid(JsonObject body, String field, Validator v) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        UUID id = value instanceof String s ? Ids.parse(s) : null;
        if (id == null) {
            v.fail(field, "must be a UUID");
        }
        return id;
    }

    /** Campaign references: an object of up to four known string fields; null when absent or empty. */
    static JsonObject campaign(JsonObject body, Validator v) {
        Object value = body.getValue("campaign");
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonObject campaign)) {
            v.fail("campaign", "must be an object with pageId, formId, adId, campaignId");
            return null;
        }
        for (String key : campaign.fieldNames()) {
            Object ref = campaign.getValue(key);
            if (!CAMPAIGN_KEYS.contains(key) || !(ref == null || ref instanceof String s && s.length() <= 200)) {
                v.fail("campaign." + key, "is not a campaign reference (pageId, formId, adId, campaignId: strings)");
            }
        }
        return campaign.isEmpty() ? null : campaign.copy();
    }

    /** Owner fields: at most one of ownerUserId and ownerQueueId. */
    static void oneOwner(UUID ownerUserId, UUID ownerQueueId, Validator v) {
        if (ownerUserId != null && ownerQueueId != null) {
            v.fail("ownerQueueId", "give either ownerUserId or ownerQueueId, not both");
        }
    }
}
