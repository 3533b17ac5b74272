package dev.switchboard.webhooks.inbound;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

/**
 * Meta's Graph API: {@code GET {baseUrl}/{leadgen_id}} with the page access token answers the lead's
 * {@code field_data[{name, values}]} and, as asked for in {@code fields}, its ad, form and campaign ids.
 */
final class GraphClient {

    static final String LEAD_FIELDS = "id,created_time,field_data,ad_id,adset_id,campaign_id,form_id,is_organic";

    private final WebClient client;
    private final String baseUrl;

    GraphClient(WebClient client, String baseUrl) {
        this.client = client;
        this.baseUrl = ProviderCalls.stripSlash(baseUrl);
    }

    Future<JsonObject> lead(String leadgenId, String accessToken) {
        return client.getAbs(baseUrl + "/" + leadgenId)
                .addQueryParam("fields", LEAD_FIELDS)
                .addQueryParam("access_token", accessToken)
                .timeout(ProviderCalls.TIMEOUT_MILLIS)
                .send()
                .compose(response -> ProviderCalls.json("the Graph API", response));
    }
}
