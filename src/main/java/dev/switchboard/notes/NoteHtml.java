package dev.switchboard.notes;

import java.util.ArrayList;
import java.util.List;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.HtmlStreamEventReceiver;
import org.owasp.html.HtmlStreamEventReceiverWrapper;
import org.owasp.html.PolicyFactory;

/**
 * The allow-list for note bodies: p, br, strong, em, ul, ol, li, blockquote, and a with an http,
 * https or mailto href (always {@code rel="nofollow noopener"}). Everything else is removed: other
 * elements keep their text, script and style lose their content too, and every other attribute goes.
 */
public final class NoteHtml {

    private static final String LINK_REL = "nofollow noopener";

    /**
     * The rel is added by a postprocessor rather than {@code requireRelsOnLinks}, whose token order varies,
     * so equal input always gives byte-equal output. It sees only links that passed the policy.
     */
    private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
            .allowElements("p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "a")
            .allowAttributes("href").onElements("a")
            .allowUrlProtocols("http", "https", "mailto")
            .withPostprocessor(NoteHtml::withLinkRel)
            .toFactory();

    private NoteHtml() {
    }

    /** Builds the policy's tables now (blocking class loading): call it on a worker at startup. */
    public static void warmUp() {
        sanitize("<p><a href=\"https://example.com\">warm</a></p>");
    }

    /** {@code html} with only the allowed elements and attributes, trimmed. */
    public static String sanitize(String html) {
        return POLICY.sanitize(html).trim();
    }

    private static HtmlStreamEventReceiver withLinkRel(HtmlStreamEventReceiver out) {
        return new HtmlStreamEventReceiverWrapper(out) {
            @Override
            public void openTag(String element, List<String> attrs) {
                if ("a".equals(element)) {
                    List<String> withRel = new ArrayList<>(attrs);
                    withRel.add("rel");
                    withRel.add(LINK_REL);
                    super.openTag(element, withRel);
                } else {
                    super.openTag(element, attrs);
                }
            }
        };
    }
}
