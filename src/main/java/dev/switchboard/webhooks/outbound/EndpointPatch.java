package dev.switchboard.webhooks.outbound;

import java.util.List;
import java.util.Set;

/** The settings a partial update of a webhook endpoint names ({@code present}); the others keep their value. */
record EndpointPatch(Set<String> present, EndpointSettings values) {

    static final Set<String> FIELDS = Set.of("url", "description", "eventTypes", "enabled");

    boolean has(String field) {
        return present.contains(field);
    }

    /** The endpoint's settings once this patch is applied to {@code before}. */
    EndpointSettings applyTo(WebhookEndpoint before) {
        return new EndpointSettings(has("url") ? values.url() : before.url(),
                has("description") ? values.description() : before.description(),
                has("eventTypes") ? values.eventTypes() : List.copyOf(before.eventTypes()),
                has("enabled") ? values.enabled() : before.enabled());
    }
}
