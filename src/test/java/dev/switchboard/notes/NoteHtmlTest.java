package dev.switchboard.notes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The note body allow-list against hostile and ordinary HTML. */
class NoteHtmlTest {

    @Test
    void keepsTheAllowedElementsNestedAsWritten() {
        String html = "<p>Hi <strong>bold <em>both</em></strong></p><ul><li>one</li><li><em>two</em></li></ul>"
                + "<ol><li>first</li></ol><blockquote><p>quoted<br />line</p></blockquote>";
        assertEquals(html, NoteHtml.sanitize(html));
        assertEquals("<p>a<br />b</p>", NoteHtml.sanitize("<p>a<br>b</p>"), "br is written self-closed");
    }

    @Test
    void keepsSafeLinksAndMarksThemNofollowNoopener() {
        assertEquals("<a href=\"https://example.com/a?b&#61;c\" rel=\"nofollow noopener\">site</a>",
                NoteHtml.sanitize("<a href=\"https://example.com/a?b=c\" target=\"_blank\" title=\"t\">site</a>"));
        assertEquals("<a href=\"http://example.com\" rel=\"nofollow noopener\">x</a>", NoteHtml.sanitize("<a href=\"http://example.com\">x</a>"));
        assertEquals("<a href=\"mailto:ann&#64;example.com\" rel=\"nofollow noopener\">mail</a>",
                NoteHtml.sanitize("<a href=\"mailto:ann@example.com\">mail</a>"));
    }

    @Test
    void removesScriptsAndStylesWithTheirContent() {
        assertEquals("<p>before after</p>", NoteHtml.sanitize("<p>before <script>alert('x')</script>after</p>"));
        assertEquals("text", NoteHtml.sanitize("<style>p { color: red }</style>text"));
        assertEquals("", NoteHtml.sanitize("<script src=\"https://evil.example/x.js\"></script>"));
    }

    @Test
    void removesEventHandlersStyleAttributesAndUnknownElements() {
        assertEquals("", NoteHtml.sanitize("<img src=x onerror=\"alert(1)\">"));
        assertEquals("<p>styled</p>", NoteHtml.sanitize("<p style=\"position:fixed\" onclick=\"steal()\" class=\"x\" id=\"y\">styled</p>"));
        assertEquals("", NoteHtml.sanitize("<iframe src=\"https://evil.example\"></iframe>"));
        assertEquals("inside", NoteHtml.sanitize("<div><span>inside</span></div>"));
        assertEquals("<strong>kept</strong>", NoteHtml.sanitize("<svg onload=alert(1)><strong>kept</strong></svg>"));
        assertEquals("form", NoteHtml.sanitize("<form action=\"https://evil.example\"><input name=x>form</form>"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java&#x09;script:alert(1)",
            "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "vbscript:msgbox(1)", "file:///etc/passwd"})
    void dropsLinksWithAnyOtherProtocol(String href) {
        String clean = NoteHtml.sanitize("<p><a href=\"" + href + "\">click</a></p>");
        assertEquals("<p>click</p>", clean, "the link goes, its text stays");
        assertFalse(clean.toLowerCase(Locale.ROOT).contains("script:"));
    }

    @Test
    void neutralisesMalformedAndNestedTricks() {
        String clean = NoteHtml.sanitize("<p><scr<script>ipt>alert(1)</script></p><a href=\"https://ok.example\" onmouseover=\"x()\">"
                + "<strong onclick=\"y()\">ok</strong></a><<img src=x onerror=alert(1)>");
        String lower = clean.toLowerCase(Locale.ROOT);
        assertFalse(lower.contains("<script"), clean);
        assertFalse(lower.contains("onerror") || lower.contains("onclick") || lower.contains("onmouseover"), clean);
        assertFalse(lower.contains("<img"), clean);
        assertTrue(clean.contains("<a href=\"https://ok.example\" rel=\"nofollow noopener\"><strong>ok</strong></a>"), clean);
    }
}
