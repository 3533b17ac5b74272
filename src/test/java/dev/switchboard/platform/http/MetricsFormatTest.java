package dev.switchboard.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The metrics page parses under the strict rules of the Prometheus text format (what {@code promtool check metrics}
 * and strict scrapers apply): every family has non-empty HELP text and one TYPE, declared before its samples, and
 * every sample line is well-formed.
 */
class MetricsFormatTest {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(?:" + LABEL + ")(?:," + LABEL + ")*,?\\})? "
            + "(NaN|[+-]Inf|[+-]?[0-9]+(?:\\.[0-9]*)?(?:[eE][+-]?[0-9]+)?)( -?[0-9]+)?");
    private static final List<String> SUFFIXES = List.of("_bucket", "_count", "_sum", "_total", "_created", "_max");

    @Test
    void everyMetricHasHelpTextAndTheWholePageParsesStrictly() {
        try (TestServer server = TestServer.start()) {
            Account admin = server.register("Metrics Bakery");
            // a request of each kind first, so that the request, pool and event meters exist
            assertEquals(201, server.http.post("/api/v1/contacts", new JsonObject().put("firstName", "Mia")
                    .put("email", "mia-metrics@example.test"), admin.accessToken()).status());
            server.awaitEventsApplied();
            Response page = server.http.get("/metrics", null);
            assertEquals(200, page.status());

            List<String> problems = new ArrayList<>();
            Map<String, String> help = new HashMap<>();
            Map<String, String> types = new HashMap<>();
            Set<String> sampled = new HashSet<>();
            String[] lines = page.body().toString().split("\n");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                String at = "line " + (i + 1) + ": " + line;
                if (line.isEmpty()) {
                    continue;
                }
                if (line.startsWith("# HELP")) {
                    Matcher m = HELP.matcher(line);
                    if (!m.matches() || m.group(2).isBlank()) {
                        problems.add("HELP without text, " + at);
                    } else if (help.put(m.group(1), m.group(2)) != null) {
                        problems.add("second HELP, " + at);
                    }
                } else if (line.startsWith("# TYPE")) {
                    Matcher m = TYPE.matcher(line);
                    if (!m.matches()) {
                        problems.add("malformed TYPE, " + at);
                    } else if (types.put(m.group(1), m.group(2)) != null || sampled.contains(m.group(1))) {
                        problems.add("TYPE repeated or after samples, " + at);
                    }
                } else if (line.startsWith("#")) {
                    continue;
                } else {
                    Matcher m = SAMPLE.matcher(line);
                    if (!m.matches()) {
                        problems.add("malformed sample, " + at);
                        continue;
                    }
                    String family = family(m.group(1), types.keySet());
                    sampled.add(family);
                    if (!types.containsKey(family) || !help.containsKey(family)) {
                        problems.add("sample without HELP and TYPE of its family, " + at);
                    }
                }
            }
            assertTrue(help.size() > 20, () -> "expected the server's metric families, got " + help.keySet());
            assertTrue(problems.isEmpty(), () -> problems.size() + " problems, first: " + problems.subList(0, Math.min(10, problems.size())));
        }
    }

    private static String family(String sample, Set<String> declared) {
        if (declared.contains(sample)) {
            return sample;
        }
        for (String suffix : SUFFIXES) {
            if (sample.endsWith(suffix) && declared.contains(sample.substring(0, sample.length() - suffix.length()))) {
                return sample.substring(0, sample.length() - suffix.length());
            }
        }
        return sample;
    }
}
