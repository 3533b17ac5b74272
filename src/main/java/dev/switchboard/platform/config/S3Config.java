package dev.switchboard.platform.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An S3-compatible object store for attachment files ({@code SWITCHBOARD_ATTACHMENTS_S3_*}): all of endpoint, bucket,
 * region and the key pair, or none of them (then files stay on local disk).
 *
 * @param endpoint        the service's base address, {@code https://host[:port]} (no path)
 * @param bucket          the bucket that holds every organization's files
 * @param region          the region signatures are scoped to ({@code us-east-1} for most S3-compatible servers)
 * @param accessKeyId     the access key id
 * @param secretAccessKey the secret key; it signs requests and is never sent
 * @param pathStyle       addresses objects as {@code endpoint/bucket/key} (default) rather than {@code bucket.host/key}
 * @param urlTtl          how long a download link stays valid (default 5 minutes, at most 7 days)
 */
public record S3Config(URI endpoint, String bucket, String region, String accessKeyId, String secretAccessKey,
                       boolean pathStyle, Duration urlTtl) {

    private static final Duration MAX_URL_TTL = Duration.ofDays(7);

    public S3Config {
        if (urlTtl.compareTo(Duration.ofSeconds(1)) < 0 || urlTtl.compareTo(MAX_URL_TTL) > 0) {
            throw new ConfigException("invalid configuration: attachments.s3.urlTtl (" + Settings.envName("attachments.s3.urlTtl")
                    + ") must be from 1s to 7d");
        }
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new ConfigException("invalid configuration: attachments.s3.bucket (" + Settings.envName("attachments.s3.bucket")
                    + ") is not a bucket name: 3 to 63 lowercase letters, digits, dots and hyphens");
        }
    }

    @Override
    public String toString() {
        return "S3Config[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region + ", pathStyle=" + pathStyle + "]";
    }

    /** The {@code attachments.s3.*} settings; null when none of the required ones is set, refused when only some are. */
    static S3Config load(Settings s) {
        Map<String, String> required = new LinkedHashMap<>();
        for (String key : List.of("endpoint", "bucket", "region", "accessKeyId", "secretAccessKey")) {
            required.put(key, s.string("attachments.s3." + key, null));
        }
        List<String> missing = new ArrayList<>();
        required.forEach((key, value) -> {
            if (value == null) {
                missing.add(Settings.envName("attachments.s3." + key));
            }
        });
        if (missing.size() == required.size()) {
            return null;
        }
        if (!missing.isEmpty()) {
            throw new ConfigException("invalid configuration: S3 storage for attachments is partly configured; also set "
                    + String.join(", ", missing) + " (or unset the others to keep files on local disk)");
        }
        return new S3Config(endpoint(required.get("endpoint")), required.get("bucket"), required.get("region"),
                required.get("accessKeyId"), required.get("secretAccessKey"), s.bool("attachments.s3.pathStyle", true),
                s.duration("attachments.s3.urlTtl", Duration.ofMinutes(5)));
    }

    private static URI endpoint(String value) {
        String name = Settings.envName("attachments.s3.endpoint");
        try {
            URI uri = new URI(value);
            boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || "/".equals(uri.getRawPath()))
                    && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
            if (web && uri.getHost() != null && bare) {
                return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), null, null, null);
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new ConfigException("invalid configuration: " + name + "='" + value
                + "' is not an http(s) address without a path, such as https://s3.eu-west-1.amazonaws.com");
    }
}
