package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real entry point in its own JVM: a wrong setting stops startup before anything is started. */
class MainStartupTest {

    @TempDir
    Path workDir;

    @Test
    void aMalformedPortStopsStartupWithOneLineNamingIt() throws Exception {
        Path dataDir = workDir.resolve("data");
        Path stderr = workDir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "dev.switchboard.app.Main")
                .directory(workDir.toFile())
                .redirectOutput(workDir.resolve("stdout.txt").toFile())
                .redirectError(stderr.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("SWITCHBOARD_")
                || List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS").contains(name));
        env.put("SWITCHBOARD_HTTP_PORT", "abc");
        env.put("SWITCHBOARD_DATA_DIR", dataDir.toString());

        Process process = builder.start();
        boolean exited = process.waitFor(10, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        assertTrue(exited, "the process exits by itself");
        assertNotEquals(0, process.exitValue());

        List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
        assertEquals(1, lines.size(), () -> "stderr: " + lines);
        assertTrue(lines.get(0).contains("SWITCHBOARD_HTTP_PORT"), lines.get(0));
        assertTrue(lines.get(0).contains("abc"), lines.get(0));
        assertFalse(Files.exists(dataDir), "no data directory is created for a server that does not start");
    }

    @Test
    void anUnreachableDatabaseStopsStartupWithOneLineGivingTheCause() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> lines = failedStart(Map.of("SWITCHBOARD_DB_URL", "postgresql://switchboard@127.0.0.1:" + port + "/switchboard",
                "SWITCHBOARD_HTTP_PORT", "0"));
        assertEquals(1, lines.size(), () -> "stderr: " + lines);
        assertTrue(lines.get(0).startsWith("startup failed: "), lines.get(0));
        assertTrue(lines.get(0).contains("refused"), () -> "the cause, not just that it failed: " + lines.get(0));
    }

    @Test
    void anEmbeddedDatabaseThatCannotStartNamesPostgresqlsOwnReasonInOneLine() throws Exception {
        Path pgData = workDir.resolve("data").resolve("postgres");
        Files.createDirectories(pgData);
        Files.writeString(pgData.resolve("PG_VERSION"), "9.6\n"); // a data directory that is neither empty nor a cluster
        List<String> lines = failedStart(Map.of("SWITCHBOARD_DATA_DIR", workDir.resolve("data").toString(), "SWITCHBOARD_HTTP_PORT", "0"));
        assertEquals(1, lines.size(), () -> "stderr: " + lines);
        assertTrue(lines.get(0).startsWith("startup failed: "), lines.get(0));
        assertTrue(lines.get(0).contains("FATAL:") || lines.get(0).contains("error:"), () -> "postgresql's reason from its log: " + lines.get(0));
        assertTrue(lines.get(0).contains("postgres.log"), () -> "where to read more: " + lines.get(0));
    }

    /** Runs Main with only {@code settings} as its SWITCHBOARD_* environment; expects a failed start; returns stderr. */
    private List<String> failedStart(Map<String, String> settings) throws Exception {
        Path stderr = workDir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "dev.switchboard.app.Main")
                .directory(workDir.toFile())
                .redirectOutput(workDir.resolve("stdout.txt").toFile())
                .redirectError(stderr.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("SWITCHBOARD_")
                || List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS").contains(name));
        env.putAll(settings);
        Process process = builder.start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        assertTrue(exited, "the process exits by itself");
        assertNotEquals(0, process.exitValue());
        return Files.readAllLines(stderr, StandardCharsets.UTF_8);
    }
}
