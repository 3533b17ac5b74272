package dev.switchboard.replies;

import java.util.ArrayList;
import java.util.List;

/** Turns a search box's text into a PostgreSQL prefix query: every word must start a word of the text. */
final class SearchTerms {

    private static final int MAX_TERMS = 8;

    private SearchTerms() {
    }

    /** {@code "ship upd"} → {@code "ship:* & upd:*"}; null when no word is left (only letters and digits count). */
    static String prefixQuery(String text) {
        List<String> terms = new ArrayList<>();
        for (String word : text.split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty() && terms.size() < MAX_TERMS) {
                terms.add(word + ":*");
            }
        }
        return terms.isEmpty() ? null : String.join(" & ", terms);
    }
}
