package dev.switchboard.webhooks.inbound;

import dev.switchboard.integrations.IntegrationService;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The Meta apps whose requests {@code /webhooks/meta} accepts: the server's own app (configured; it serves every
 * organization's pages) and organizations' own apps (integration settings; each serves only its organization's
 * pages). The server's app is checked first, so its requests cost no database read.
 */
final class MetaApps {

    /** Who signed a request: the server's app (every page), or these organizations' own apps. */
    record Signer(boolean serverApp, Set<UUID> tenants) {

        boolean mayRoute(UUID tenantId) {
            return serverApp || tenants.contains(tenantId);
        }
    }

    private final String appSecret;
    private final String verifyToken;
    private final IntegrationService integrations;

    MetaApps(String appSecret, String verifyToken, IntegrationService integrations) {
        this.appSecret = appSecret;
        this.verifyToken = verifyToken;
        this.integrations = integrations;
    }

    /** The signer of {@code body}, or null when no known app signed it. */
    Future<Signer> signer(String signature, byte[] body) {
        if (appSecret != null && MetaSignature.matches(appSecret, signature, body)) {
            return Future.succeededFuture(new Signer(true, Set.of()));
        }
        if (signature == null) {
            return Future.succeededFuture();
        }
        return integrations.metaApps().map(apps -> {
            Set<UUID> tenants = new LinkedHashSet<>();
            apps.forEach(app -> {
                if (app.appSecret() != null && MetaSignature.matches(app.appSecret(), signature, body)) {
                    tenants.add(app.tenantId());
                }
            });
            return tenants.isEmpty() ? null : new Signer(false, Set.copyOf(tenants));
        });
    }

    /** True when {@code token} is the server's verify token or an organization's. */
    Future<Boolean> verifyTokenMatches(String token) {
        if (token == null) {
            return Future.succeededFuture(false);
        }
        if (same(verifyToken, token)) {
            return Future.succeededFuture(true);
        }
        return integrations.metaApps().map(apps -> apps.stream().anyMatch(app -> same(app.verifyToken(), token)));
    }

    private static boolean same(String expected, String given) {
        return expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
