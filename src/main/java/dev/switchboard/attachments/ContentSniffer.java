package dev.switchboard.attachments;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * Names a file's content type from its first bytes, never from what the client claims: PDF, PNG, JPEG, GIF, WebP,
 * ZIP-based office documents (and plain ZIP), and plain text. Anything else, HTML and SVG included, is
 * {@code application/octet-stream}, so no upload is ever served as something a browser would render as a page.
 */
final class ContentSniffer {

    /** How many leading bytes {@link #sniff} looks at. */
    static final int HEAD_BYTES = 4096;
    static final String OCTET_STREAM = "application/octet-stream";

    private ContentSniffer() {
    }

    /** The content type of a file starting with {@code head} (at most {@link #HEAD_BYTES} of it). */
    static String sniff(byte[] head, int length) {
        if (startsWith(head, length, "%PDF-")) {
            return "application/pdf";
        }
        if (startsWith(head, length, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (startsWith(head, length, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (startsWith(head, length, "GIF87a") || startsWith(head, length, "GIF89a")) {
            return "image/gif";
        }
        if (startsWith(head, length, "RIFF") && length >= 12 && head[8] == 'W' && head[9] == 'E' && head[10] == 'B' && head[11] == 'P') {
            return "image/webp";
        }
        if (startsWith(head, length, 'P', 'K', 0x03, 0x04)) {
            return zipKind(head, length);
        }
        return isText(head, length) ? "text/plain" : OCTET_STREAM;
    }

    /** An office document names its part folder in the first local file header; other archives stay ZIP. */
    private static String zipKind(byte[] head, int length) {
        String names = new String(head, 0, length, StandardCharsets.ISO_8859_1);
        if (names.contains("word/")) {
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        }
        if (names.contains("xl/")) {
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        }
        if (names.contains("ppt/")) {
            return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
        }
        return "application/zip";
    }

    /**
     * Valid UTF-8 without control characters other than tab, CR, LF and form feed, and not markup: a file that opens
     * with {@code <} (HTML, SVG, XML) is not plain text here.
     */
    private static boolean isText(byte[] head, int length) {
        int start = length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF ? 3 : 0;
        for (int i = start; i < length; i++) {
            int b = head[i] & 0xFF;
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') {
                return false;
            }
        }
        for (int i = start; i < length; i++) {
            if (!Character.isWhitespace(head[i])) {
                if (head[i] == '<') {
                    return false;
                }
                break;
            }
        }
        // a head cut short may end inside a multi-byte character: that is not an error
        int cut = length >= HEAD_BYTES ? 3 : 0;
        for (int trim = 0; trim <= cut && length - trim > start; trim++) {
            if (decodes(head, start, length - trim)) {
                return true;
            }
        }
        return length == start;
    }

    private static boolean decodes(byte[] head, int from, int to) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(head, from, to - from));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean startsWith(byte[] head, int length, String magic) {
        return startsWith(head, length, magic.chars().toArray());
    }

    private static boolean startsWith(byte[] head, int length, int... magic) {
        if (length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
