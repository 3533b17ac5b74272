package dev.switchboard.imports;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV one record at a time: comma-separated cells, double quotes around cells holding commas, quotes
 * or line breaks, {@code ""} for a quote inside them, lines ending in CRLF or LF, and an optional byte order mark.
 * Blocking: use it on a worker thread.
 */
final class CsvReader {

    /** A record longer than this is refused rather than read into memory. */
    static final int MAX_RECORD_CHARS = 65_536;
    private static final int NONE = -2;

    private final Reader in;
    private int record;
    private int pushedBack = NONE;

    CsvReader(Reader in) {
        this.in = in;
    }

    /** The number of the record {@link #next()} returned last, the header being 1. */
    int record() {
        return record;
    }

    /** The cells of the next record, or null at the end of the input; fails with {@link CsvFormatException}. */
    List<String> next() throws IOException {
        int c = read();
        if (c == -1) {
            return null;
        }
        record++;
        if (record == 1 && c == '\uFEFF') {
            c = read();
        }
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean closed = false;
        int length = 0;
        while (true) {
            if (++length > MAX_RECORD_CHARS) {
                throw new CsvFormatException(record, "the row is longer than " + MAX_RECORD_CHARS + " characters");
            }
            if (quoted) {
                if (c == -1) {
                    throw new CsvFormatException(record, "a quoted value is not closed");
                }
                if (c == '"') {
                    int d = read();
                    if (d != '"') {
                        quoted = false;
                        closed = true;
                        c = d;
                        continue;
                    }
                }
                cell.append((char) c);
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
                closed = false;
            } else if (c == '\n' || c == '\r' || c == -1) {
                if (c == '\r') {
                    int d = read();
                    if (d != '\n') {
                        pushedBack = d;
                    }
                }
                cells.add(cell.toString());
                return cells;
            } else if (closed) {
                throw new CsvFormatException(record, "a quoted value must be followed by a comma or the end of the line");
            } else if (c == '"') {
                if (cell.length() > 0) {
                    throw new CsvFormatException(record, "a quote inside an unquoted value; quote the whole value and double the quote");
                }
                quoted = true;
            } else {
                cell.append((char) c);
            }
            c = read();
        }
    }

    private int read() throws IOException {
        if (pushedBack != NONE) {
            int c = pushedBack;
            pushedBack = NONE;
            return c;
        }
        try {
            return in.read();
        } catch (java.nio.charset.CharacterCodingException e) {
            // the decoder works ahead of the record being read, so the row is where reading stopped, not exact
            throw new CsvFormatException(Math.max(record, 1), "the file is not UTF-8 text (near this row); save it as CSV UTF-8");
        }
    }

    /** The input is not well-formed CSV at record {@code row}. */
    static final class CsvFormatException extends IOException {

        private final int row;

        CsvFormatException(int row, String message) {
            super(message);
            this.row = row;
        }

        int row() {
            return row;
        }
    }
}
