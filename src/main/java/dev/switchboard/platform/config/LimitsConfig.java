package dev.switchboard.platform.config;

import java.time.Duration;

/**
 * Abuse limits per client address (and email, for login and password reset), and the server's default request
 * budget: {@code userRequests} per {@code userWindow} for each user or API key, {@code organizationRequests} per
 * {@code organizationWindow} for each organization. Organizations may set their own budget, up to
 * {@code maxRequestsPerSecond}.
 */
public record LimitsConfig(int loginPerMinute, int registerPerMinute, int passwordResetPerHour, int userRequests, Duration userWindow,
                           int organizationRequests, Duration organizationWindow, int maxRequestsPerSecond) {

    public LimitsConfig {
        for (Duration window : new Duration[] {userWindow, organizationWindow}) {
            if (window.toSeconds() < 1 || window.toSeconds() > 3600) {
                throw new ConfigException("invalid configuration: limits.userWindow (SWITCHBOARD_LIMITS_USER_WINDOW) and "
                        + "limits.organizationWindow (SWITCHBOARD_LIMITS_ORGANIZATION_WINDOW) must be from 1s to 1h");
            }
        }
    }
}
