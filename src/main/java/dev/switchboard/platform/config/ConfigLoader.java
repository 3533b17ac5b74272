package dev.switchboard.platform.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code config/switchboard.json} (or the file named by {@code SWITCHBOARD_CONFIG}), applies
 * {@code SWITCHBOARD_*} environment overrides and returns the checked {@link AppConfig}.
 */
public final class ConfigLoader {

    public static final String DEFAULT_FILE = "config/switchboard.json";

    private ConfigLoader() {
    }

    public static AppConfig load(Map<String, String> env) {
        return load(locate(env), env);
    }

    /** Reads the located file (if any) and the environment. */
    public static AppConfig load(Located located, Map<String, String> env) {
        return load(located.file() == null ? Map.of() : readFile(located.file(), located.named()), env);
    }

    /**
     * Which configuration file applies: the one {@code SWITCHBOARD_CONFIG} names (it must exist), else the first
     * {@code config/switchboard.json} found in the working directory, next to the jar, or in the directory above the
     * jar's (a jar built into {@code target/} of a checkout finds the checkout's file); none means defaults and
     * environment only.
     */
    public static Located locate(Map<String, String> env) {
        return locate(env, Path.of("").toAbsolutePath(), jarDirectory());
    }

    static Located locate(Map<String, String> env, Path workingDirectory, Path jarDirectory) {
        String named = env.get("SWITCHBOARD_CONFIG");
        if (named != null) {
            return new Located(Path.of(named), List.of(Path.of(named)), true);
        }
        List<Path> candidates = new java.util.ArrayList<>();
        candidates.add(workingDirectory.resolve(DEFAULT_FILE).normalize());
        if (jarDirectory != null) {
            candidates.add(jarDirectory.resolve(DEFAULT_FILE).normalize());
            if (jarDirectory.getParent() != null) {
                candidates.add(jarDirectory.getParent().resolve(DEFAULT_FILE).normalize());
            }
        }
        List<Path> searched = candidates.stream().distinct().toList();
        Path found = searched.stream().filter(Files::isRegularFile).findFirst().orElse(null);
        return new Located(found, searched, false);
    }

    /** The directory of the jar this class was loaded from; null when it was not loaded from a jar. */
    private static Path jarDirectory() {
        try {
            java.security.CodeSource source = ConfigLoader.class.getProtectionDomain().getCodeSource();
            Path location = source == null ? null : Path.of(source.getLocation().toURI());
            return location != null && Files.isRegularFile(location) && location.toString().endsWith(".jar") ? location.getParent() : null;
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The configuration file that applies ({@code null}: none), every place looked in, and whether
     * {@code SWITCHBOARD_CONFIG} named it.
     */
    public record Located(Path file, List<Path> searched, boolean named) {

        /** One line for the log. */
        public String describe() {
            return file != null ? "configuration loaded [file: " + file.toAbsolutePath().normalize() + "]"
                    : "no configuration file found, using defaults and SWITCHBOARD_* variables [looked in: "
                    + String.join(", ", searched.stream().map(Path::toString).toList()) + "]";
        }
    }

    public static AppConfig load(Map<String, String> fileValues, Map<String, String> env) {
        Settings s = new Settings(fileValues, env);
        int cores = Runtime.getRuntime().availableProcessors();
        HttpConfig http = new HttpConfig(
                s.string("http.host", "0.0.0.0"),
                s.integer("http.port", 8080, 0, 65535),
                s.integer("http.instances", cores, 1, 256),
                s.bytes("http.bodyLimit", 1024 * 1024),
                s.list("http.corsOrigins", List.of()),
                s.bool("http.trustForwardedFor", false),
                s.duration("http.shutdownGrace", Duration.ofSeconds(10)),
                s.duration("http.requestTimeout", Duration.ofSeconds(30)));

        String url = s.string("db.url", null);
        DbConfig db = new DbConfig(
                url == null ? null : DatabaseUrl.parse(env.containsKey("SWITCHBOARD_DB_URL") ? "SWITCHBOARD_DB_URL" : "db.url", url),
                Path.of(s.string("db.dataDir", "SWITCHBOARD_DATA_DIR", "./data")),
                s.integer("db.poolSize", 16, 1, 1000),
                s.integer("db.backgroundPoolSize", 16, 1, 1000),
                s.string("db.appUser", null),
                s.string("db.appPassword", null));

        String keyFile = s.string("auth.signingKeyFile", null);
        AuthConfig auth = new AuthConfig(
                s.string("auth.issuer", "switchboard"),
                s.string("auth.audience", "switchboard-api"),
                s.duration("auth.accessTokenTtl", Duration.ofMinutes(15)),
                s.duration("auth.refreshTokenTtl", Duration.ofDays(7)),
                s.duration("auth.inviteTtl", Duration.ofDays(7)),
                keyFile == null ? null : Path.of(keyFile),
                s.bool("auth.secureCookies", true),
                s.duration("auth.passwordResetTtl", Duration.ofMinutes(30)),
                s.string("auth.appUrl", null));

        LimitsConfig limits = new LimitsConfig(
                s.integer("limits.loginPerMinute", 10, 1, 100_000),
                s.integer("limits.registerPerMinute", 5, 1, 100_000),
                s.integer("limits.passwordResetPerHour", 5, 1, 100_000),
                s.integer("limits.userRequests", 100_000, 1, 10_000_000),
                s.duration("limits.userWindow", Duration.ofMinutes(1)),
                s.integer("limits.organizationRequests", 300_000, 1, 10_000_000),
                s.duration("limits.organizationWindow", Duration.ofMinutes(1)),
                s.integer("limits.maxRequestsPerSecond", 5000, 1, 10_000_000));

        OutboxConfig outbox = OutboxConfig.load(s);

        JobsConfig jobs = new JobsConfig(
                s.duration("jobs.pollInterval", Duration.ofSeconds(1)),
                s.integer("jobs.batchSize", 20, 1, 1000),
                s.integer("jobs.concurrency", 8, 1, 1000),
                s.duration("jobs.visibilityTimeout", Duration.ofMinutes(5)),
                s.integer("jobs.maxAttempts", 10, 1, 100),
                s.duration("jobs.backoffBase", Duration.ofSeconds(10)),
                s.duration("jobs.backoffCap", Duration.ofHours(1)));

        EmailConfig email = new EmailConfig(
                s.string("resend.baseUrl", "https://api.resend.com"),
                s.string("resend.apiKey", null),
                s.string("email.from", null));

        WebhooksConfig webhooks = new WebhooksConfig(s.duration("webhooks.timeout", Duration.ofSeconds(10)),
                s.string("webhooks.metaAppSecret", null), s.string("webhooks.metaVerifyToken", null),
                s.string("webhooks.metaGraphBaseUrl", "https://graph.facebook.com/v21.0"));

        // secrets at rest
        SecretsConfig secrets = new SecretsConfig(s.string("secrets.key", null), s.list("secrets.previousKeys", List.of()),
                db.dataDir().resolve("secrets.key"));

        // the server's own calls out: providers configured here must not point inside the network unless allowed
        OutboundConfig outbound = OutboundConfig.of(s.list("outbound.allowPrivate", List.of()));
        refuseInternal(outbound, "resend.baseUrl", email.resendBaseUrl());
        refuseInternal(outbound, "webhooks.metaGraphBaseUrl", webhooks.metaGraphBaseUrl());
        AiConfig ai = AiConfig.load(s);
        refuseInternal(outbound, "ai.anthropicBaseUrl", ai.anthropicBaseUrl());
        refuseInternal(outbound, "ai.openaiBaseUrl", ai.openaiBaseUrl());

        return new AppConfig(http, db, auth, limits, outbox, RealtimeConfig.load(s), jobs, email, webhooks,
                KafkaConfig.load(s), secrets, WorkflowsConfig.load(s), outbound, ai, AttachmentsConfig.load(s, db.dataDir()));
    }

    private static void refuseInternal(OutboundConfig outbound, String key, String url) {
        String refusal = url == null ? null : outbound.literalRefusal(url);
        if (refusal != null) {
            throw new ConfigException("invalid configuration: " + key + " (" + Settings.envName(key) + ") " + refusal
                    + "; list it in outbound.allowPrivate (SWITCHBOARD_OUTBOUND_ALLOW_PRIVATE) to allow it");
        }
    }

    /** Flattens the JSON file into dotted keys; a missing default file means all defaults. */
    static Map<String, String> readFile(Path file, boolean required) {
        if (!Files.exists(file)) {
            if (required) {
                throw new ConfigException("invalid configuration: SWITCHBOARD_CONFIG='" + file + "' does not exist");
            }
            return Map.of();
        }
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            Map<String, String> flat = new HashMap<>();
            flatten("", root, flat);
            return flat;
        } catch (IOException e) {
            throw new ConfigException("invalid configuration: " + file + " is not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray()) {
            StringBuilder sb = new StringBuilder();
            node.forEach(n -> sb.append(sb.length() == 0 ? "" : ",").append(n.asText()));
            out.put(prefix, sb.toString());
        } else if (!node.isNull()) {
            out.put(prefix, node.asText());
        }
    }
}
