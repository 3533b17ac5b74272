package dev.switchboard.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The simulations' parameters, all from system properties (-Dname=value), with the documented defaults. */
final class LoadParameters {

    private LoadParameters() {
    }

    static String baseUrl() {
        return System.getProperty("baseUrl", "http://localhost:8080").replaceAll("/+$", "");
    }

    static String string(String name, String fallback) {
        return System.getProperty(name, fallback);
    }

    static double number(String name, double fallback) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? fallback : Double.parseDouble(v);
    }

    static int integer(String name, int fallback) {
        return (int) number(name, fallback);
    }

    /**
     * The dataset's users of the given roles as feeder records ({@code email}, {@code password}, {@code tenantId},
     * {@code userId}, {@code role}), limited to the first {@code -Dtenants} organizations when that is set.
     */
    static List<Map<String, Object>> users(Set<String> roles) {
        Path file = Path.of(string("credentials", "target/dataset/credentials.csv"));
        try {
            List<Credentials> all = Credentials.read(file, null);
            List<String> tenants = all.stream().map(Credentials::tenantId).distinct().toList();
            int tenantCount = integer("tenants", tenants.size());
            Set<String> chosen = Set.copyOf(tenants.subList(0, Math.min(tenantCount, tenants.size())));
            List<Map<String, Object>> records = all.stream()
                    .filter(c -> roles.contains(c.role()) && chosen.contains(c.tenantId()))
                    .map(c -> {
                        Map<String, Object> m = new HashMap<>();
                        m.put("email", c.email());
                        m.put("password", c.password());
                        m.put("tenantId", c.tenantId());
                        m.put("userId", c.userId());
                        m.put("role", c.role());
                        return m;
                    })
                    .toList();
            if (records.isEmpty()) {
                throw new IllegalStateException("no users with roles " + roles + " in " + file.toAbsolutePath());
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the credentials file (run the dataset generator first): " + file, e);
        }
    }
}
