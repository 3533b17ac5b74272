package dev.switchboard.platform.config;

/** A configuration value that is missing or malformed; the message names the setting. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
