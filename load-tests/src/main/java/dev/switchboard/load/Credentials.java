package dev.switchboard.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The users a dataset run wrote ({@code tenantId,userId,email,password,role} per line). */
public record Credentials(String tenantId, String userId, String email, String password, String role) {

    /** Every user of {@code file}, or only those with {@code role} when it is not null. */
    public static List<Credentials> read(Path file, String role) throws IOException {
        return Files.readAllLines(file).stream()
                .skip(1)
                .filter(line -> !line.isBlank())
                .map(line -> line.split(",", 5))
                .map(f -> new Credentials(f[0], f[1], f[2], f[3], f[4]))
                .filter(c -> role == null || c.role().equals(role))
                .toList();
    }
}
