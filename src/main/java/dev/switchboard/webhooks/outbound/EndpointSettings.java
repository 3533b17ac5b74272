package dev.switchboard.webhooks.outbound;

import java.util.List;

/** What an admin sets on a webhook endpoint. */
public record EndpointSettings(String url, String description, List<String> eventTypes, boolean enabled) {
}
