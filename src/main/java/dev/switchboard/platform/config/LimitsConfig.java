package dev.switchboard.platform.config;

/** Abuse limits per client address (and email, for login). */
public record LimitsConfig(int loginPerMinute, int registerPerMinute) {
}
