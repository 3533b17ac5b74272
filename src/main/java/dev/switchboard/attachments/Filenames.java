package dev.switchboard.attachments;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The name a client gave a file, kept for display only: never part of a path on disk. Only the last segment of
 * a path-like name is kept, and downloads quote it safely in {@code Content-Disposition} (RFC 6266).
 */
final class Filenames {

    static final int MAX_LENGTH = 255;

    private Filenames() {
    }

    /** The name's last path segment, trimmed; null when nothing usable is left or it holds control characters. */
    static String displayName(String raw) {
        if (raw == null) {
            return null;
        }
        String name = raw.substring(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1).trim();
        if (name.isEmpty() || name.length() > MAX_LENGTH || name.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            return null;
        }
        return name;
    }

    /** {@code attachment} with an ASCII fallback name and the exact name as {@code filename*}. */
    static String disposition(String name) {
        StringBuilder ascii = new StringBuilder();
        name.chars().forEach(c -> ascii.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != ';' ? (char) c : '_'));
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
