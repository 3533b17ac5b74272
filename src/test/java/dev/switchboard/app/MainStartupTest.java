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
}
