package dev.switchboard.platform.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** A parsed {@code postgresql://user:pass@host:port/db} address. */
public record DatabaseUrl(String host, int port, String database, String user, String password) {

    public static DatabaseUrl parse(String source, String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            if (!"postgresql".equals(scheme) && !"postgres".equals(scheme)) {
                throw invalid(source, value);
            }
            String path = uri.getPath();
            if (uri.getHost() == null || path == null || path.length() < 2) {
                throw invalid(source, value);
            }
            String user = "postgres";
            String password = null;
            String userInfo = uri.getRawUserInfo();
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
                password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
            }
            return new DatabaseUrl(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), path.substring(1), user, password);
        } catch (URISyntaxException e) {
            throw invalid(source, value);
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static ConfigException invalid(String source, String value) {
        return new ConfigException("invalid configuration: " + source + "='" + redact(value)
                + "' is not a postgresql://user:password@host:port/database URL");
    }

    /**
     * The value with its password replaced by {@code ***}. A malformed URL cannot be trusted to split where a
     * URI parser would, and generated passwords hold {@code /}, {@code @} or {@code #}: everything from the
     * first {@code :} of the user part to the last {@code @} is hidden, and so is a {@code password=} parameter.
     */
    private static String redact(String value) {
        String shown = value;
        int at = shown.lastIndexOf('@');
        if (at >= 0) {
            int scheme = shown.indexOf("://");
            int userStart = scheme >= 0 && scheme < at ? scheme + 3 : 0;
            int colon = shown.indexOf(':', userStart);
            if (colon >= 0 && colon < at) {
                shown = shown.substring(0, colon + 1) + "***" + shown.substring(at);
            }
        }
        return shown.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public DatabaseUrl withDatabase(String name) {
        return new DatabaseUrl(host, port, name, user, password);
    }

    /** The URL form, credentials included: {@code postgresql://user:pass@host:port/db}. */
    public String toUri() {
        String credentials = password == null ? enc(user) : enc(user) + ":" + enc(password);
        return "postgresql://" + credentials + "@" + host + ":" + port + "/" + database;
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }
}
