package dev.switchboard.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the search looks for, derived from the caller's text: full-text terms (letters and digits only, so nothing
 * the caller types reaches the query syntax), as written ({@code words}) and with the last one as a prefix
 * ({@link #prefixes}); a substring pattern for names, emails and phones (digits only when the text looks like a phone
 * number); and the text for trigram similarity.
 */
record SearchQuery(String words, String like, String trigram) {

    private static final int MAX_TERMS = 10;
    /** Shorter text has no trigrams to look up. */
    private static final int MIN_SUBSTRING = 3;
    private static final Pattern WORD_BREAK = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern PHONE = Pattern.compile("[0-9 +().-]+");

    static SearchQuery of(String text) {
        String lower = text.strip().toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        for (String word : WORD_BREAK.split(lower)) {
            if (!word.isEmpty() && words.size() < MAX_TERMS) {
                words.add(word);
            }
        }
        String terms = words.isEmpty() ? null : String.join(" & ", words);
        String digits = lower.replaceAll("[^0-9]", "");
        String substring = PHONE.matcher(lower).matches() && digits.length() >= MIN_SUBSTRING ? digits : lower;
        String like = substring.length() >= MIN_SUBSTRING ? "%" + escapeLike(substring) + "%" : null;
        return new SearchQuery(terms, like, lower.length() >= MIN_SUBSTRING ? lower : null);
    }

    /** The full-text terms with the last one matching as a prefix, or null when there are none. */
    String prefixes() {
        return words == null ? null : words + ":*";
    }

    /** Whether {@code phase} has anything to look for in this query. */
    boolean asks(SearchPhase phase) {
        return switch (phase) {
            case WRITTEN -> words != null || like != null;
            case SIMILAR -> trigram != null;
        };
    }

    private static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
