package dev.switchboard.conversations;

/** A plain-text message as the HTML part of an email: escaped, with its line breaks kept. */
final class PlainText {

    private PlainText() {
    }

    static String html(String text) {
        StringBuilder out = new StringBuilder(text.length() + 32).append("<p>");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\n' -> out.append("<br>");
                case '\r' -> { }
                default -> out.append(c);
            }
        }
        return out.append("</p>").toString();
    }
}
