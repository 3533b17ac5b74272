package dev.switchboard.webhooks.inbound;

import dev.switchboard.platform.error.ApiException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Reads the leadgen changes of a verified Meta page webhook; anything not shaped like one is a 400. */
final class MetaLeads {

    /**
     * One new lead: its id, the page it came from and, when Meta sent them, its form and ad; {@code entry} and
     * {@code change} are where the notification names it.
     */
    record Lead(String leadgenId, String pageId, String formId, String adId, JsonObject entry, JsonObject change) {

        /**
         * A notification of this lead alone, shaped as Meta sends one: its entry's fields with this change only. A
         * notification of many leads is stored as one of these per lead, not as a copy of the whole per lead.
         */
        byte[] alone() {
            JsonObject single = new JsonObject();
            entry.fieldNames().stream().filter(name -> !name.equals("changes")).forEach(name -> single.put(name, entry.getValue(name)));
            single.put("changes", new JsonArray().add(change));
            return new JsonObject().put("object", "page").put("entry", new JsonArray().add(single)).toBuffer().getBytes();
        }
    }

    private MetaLeads() {
    }

    static List<Lead> of(JsonObject payload) {
        if (!"page".equals(payload.getValue("object")) || !(payload.getValue("entry") instanceof JsonArray entries)) {
            throw malformed();
        }
        List<Lead> leads = new ArrayList<>();
        for (Object entry : entries) {
            if (!(entry instanceof JsonObject e) || !(e.getValue("changes") instanceof JsonArray changes)) {
                throw malformed();
            }
            for (Object change : changes) {
                if (!(change instanceof JsonObject c)) {
                    throw malformed();
                }
                if (!"leadgen".equals(c.getValue("field"))) {
                    continue;
                }
                if (!(c.getValue("value") instanceof JsonObject value)) {
                    throw malformed();
                }
                String leadgenId = idOf(value.getValue("leadgen_id"));
                String pageId = idOf(value.getValue("page_id") != null ? value.getValue("page_id") : e.getValue("id"));
                if (leadgenId == null || pageId == null) {
                    throw malformed();
                }
                String adId = idOf(value.getValue("ad_id") != null ? value.getValue("ad_id") : value.getValue("adgroup_id"));
                leads.add(new Lead(leadgenId, pageId, idOf(value.getValue("form_id")), adId, e, c));
            }
        }
        return leads;
    }

    /** Meta sends ids as strings, sometimes as numbers. */
    private static String idOf(Object value) {
        String id = value instanceof String s ? s : value instanceof Number n ? Long.toString(n.longValue()) : null;
        return id != null && id.matches("[0-9]{1,30}") ? id : null;
    }

    private static ApiException malformed() {
        return ApiException.badRequest("the body is not a Meta page leadgen notification");
    }
}
