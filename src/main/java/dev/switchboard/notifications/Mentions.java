package dev.switchboard.notifications;

import dev.switchboard.platform.db.Ids;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Mentions in a note or message body: {@code @[Name](user:<uuid>)} tokens. */
final class Mentions {

    static final int MAX_MENTIONS = 50;
    private static final Pattern TOKEN = Pattern.compile("@\\[([^\\]\\r\\n]{1,100})\\]\\(user:([0-9a-fA-F-]{36})\\)");

    private Mentions() {
    }

    /** The distinct users mentioned, in order of first mention, at most {@link #MAX_MENTIONS}. */
    static List<UUID> users(String body) {
        Set<UUID> users = new LinkedHashSet<>();
        if (body == null) {
            return List.of();
        }
        Matcher m = TOKEN.matcher(body);
        while (m.find() && users.size() < MAX_MENTIONS) {
            UUID id = Ids.parse(m.group(2).toLowerCase());
            if (id != null) {
                users.add(id);
            }
        }
        return new ArrayList<>(users);
    }

    /** The body as a reader sees it ({@code @Name}), cut to {@code max} characters. */
    static String snippet(String body, int max) {
        if (body == null) {
            return null;
        }
        String plain = TOKEN.matcher(body).replaceAll(r -> Matcher.quoteReplacement("@" + r.group(1))).strip();
        return plain.length() <= max ? plain : plain.substring(0, max - 1) + "…";
    }
}
