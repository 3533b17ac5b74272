package dev.switchboard.notifications;

import dev.switchboard.platform.db.Ids;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mentions in a note or message body: explicit {@code @[Name](user:<uuid>)} tokens, and plain handles that name a
 * user of the organization by email ({@code @ann@acme.example}), by the part of their email before the {@code @}
 * ({@code @ann}), by first name ({@code @Ann}) or by full name without spaces ({@code @AnnSmith}), in any case.
 */
final class Mentions {

    static final int MAX_MENTIONS = 50;
    private static final Pattern TOKEN = Pattern.compile("@\\[([^\\]\\r\\n]{1,100})\\]\\(user:([0-9a-fA-F-]{36})\\)");
    /** A plain handle: not inside a word or an email address, and not an explicit token ({@code @[}). */
    private static final Pattern HANDLE = Pattern.compile(
            "(?<![\\w@.\\]])@([A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+|[A-Za-z][A-Za-z0-9._-]{0,63})");

    private Mentions() {
    }

    /** The distinct users mentioned, in order of first mention, at most {@link #MAX_MENTIONS}. */
    static List<UUID> users(String body) {
        Set<UUID> users = new LinkedHashSet<>();
        if (body == null) {
            return List.of();
        }
        Matcher m = TOKEN.matcher(plain(body));
        while (m.find() && users.size() < MAX_MENTIONS) {
            UUID id = Ids.parse(m.group(2).toLowerCase());
            if (id != null) {
                users.add(id);
            }
        }
        return new ArrayList<>(users);
    }

    /** The distinct plain handles, lower case, without the {@code @} (a trailing full stop is punctuation), at most {@link #MAX_MENTIONS}. */
    static List<String> handles(String body) {
        Set<String> handles = new LinkedHashSet<>();
        if (body == null) {
            return List.of();
        }
        Matcher m = HANDLE.matcher(TOKEN.matcher(plain(body)).replaceAll(" "));
        while (m.find() && handles.size() < MAX_MENTIONS) {
            String handle = m.group(1).toLowerCase(java.util.Locale.ROOT);
            while (handle.endsWith(".") || handle.endsWith("-") || handle.endsWith("_")) {
                handle = handle.substring(0, handle.length() - 1);
            }
            if (!handle.isEmpty()) {
                handles.add(handle);
            }
        }
        return new ArrayList<>(handles);
    }

    /** A note's sanitised HTML writes {@code @} as a character reference; mentions read it as the character. */
    private static String plain(String body) {
        return body.replace("&#64;", "@").replace("&#x40;", "@").replace("&commat;", "@");
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
