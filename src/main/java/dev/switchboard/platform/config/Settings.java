package dev.switchboard.platform.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Typed access to flat settings: an environment variable wins over the config file.
 * Every accessor names the environment variable in its error, so a wrong value stops startup
 * with one line that says which setting to fix.
 */
public final class Settings {

    private final Map<String, String> fileValues;
    private final Map<String, String> env;

    public Settings(Map<String, String> fileValues, Map<String, String> env) {
        this.fileValues = fileValues;
        this.env = env;
    }

    /** The environment variable name of a dotted key: {@code http.bodyLimit} → {@code SWITCHBOARD_HTTP_BODY_LIMIT}. */
    public static String envName(String key) {
        StringBuilder sb = new StringBuilder("SWITCHBOARD_");
        for (char c : key.toCharArray()) {
            if (c == '.') {
                sb.append('_');
            } else if (Character.isUpperCase(c)) {
                sb.append('_').append(c);
            } else {
                sb.append(Character.toUpperCase(c));
            }
        }
        return sb.toString();
    }

    private Raw raw(String key, String envName) {
        String fromEnv = env.get(envName);
        if (fromEnv != null) {
            return new Raw(envName, fromEnv.trim());
        }
        String fromFile = fileValues.get(key);
        return fromFile == null ? null : new Raw(key, fromFile.trim());
    }

    public String string(String key, String defaultValue) {
        return string(key, envName(key), defaultValue);
    }

    public String string(String key, String envName, String defaultValue) {
        Raw raw = raw(key, envName);
        return raw == null || raw.value.isEmpty() ? defaultValue : raw.value;
    }

    public int integer(String key, int defaultValue, int min, int max) {
        return integer(key, envName(key), defaultValue, min, max);
    }

    public int integer(String key, String envName, int defaultValue, int min, int max) {
        Raw raw = raw(key, envName);
        if (raw == null || raw.value.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.value);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw raw.invalid("an integer from " + min + " to " + max);
    }

    public boolean bool(String key, boolean defaultValue) {
        Raw raw = raw(key, envName(key));
        if (raw == null || raw.value.isEmpty()) {
            return defaultValue;
        }
        return switch (raw.value.toLowerCase()) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw raw.invalid("true or false");
        };
    }

    /** A duration written as ISO-8601 ({@code PT15M}) or a number with a unit: {@code 900s}, {@code 15m}, {@code 7d}, {@code 250ms}. */
    public Duration duration(String key, Duration defaultValue) {
        Raw raw = raw(key, envName(key));
        if (raw == null || raw.value.isEmpty()) {
            return defaultValue;
        }
        Duration parsed = parseDuration(raw.value);
        if (parsed == null || parsed.isNegative() || parsed.isZero()) {
            throw raw.invalid("a positive duration such as 250ms, 30s, 15m, 7d or PT15M");
        }
        return parsed;
    }

    /** A byte size: {@code 1048576}, {@code 512k}, {@code 1m}. */
    public long bytes(String key, long defaultValue) {
        Raw raw = raw(key, envName(key));
        if (raw == null || raw.value.isEmpty()) {
            return defaultValue;
        }
        String v = raw.value.toLowerCase();
        long unit = 1;
        if (v.endsWith("k") || v.endsWith("kb")) {
            unit = 1024;
        } else if (v.endsWith("m") || v.endsWith("mb")) {
            unit = 1024 * 1024;
        }
        String digits = v.replaceAll("[a-z]+$", "");
        try {
            long value = Long.parseLong(digits) * unit;
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw raw.invalid("a positive size such as 1048576, 512k or 1m");
    }

    /** A comma-separated list; empty entries are dropped. */
    public List<String> list(String key, List<String> defaultValue) {
        Raw raw = raw(key, envName(key));
        if (raw == null) {
            return defaultValue;
        }
        return Arrays.stream(raw.value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    static Duration parseDuration(String value) {
        try {
            if (value.startsWith("P") || value.startsWith("p")) {
                return Duration.parse(value.toUpperCase());
            }
            String v = value.toLowerCase();
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long amount = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> null;
            };
        } catch (RuntimeException e) {
            return null;
        }
    }

    private record Raw(String source, String value) {
        ConfigException invalid(String expected) {
            return new ConfigException("invalid configuration: " + source + "='" + value + "' is not " + expected);
        }
    }
}
