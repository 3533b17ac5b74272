package dev.switchboard.email;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.reflect.MapObjectHandler;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Map;

/**
 * Renders templates with Mustache: {@code {{contact.firstName}}} reads nested data and is HTML-escaped
 * in the body ({@code {{{raw}}}} is not, and is the template author's choice); the subject is plain
 * text and is not escaped. Data is plain JSON: only map
 * lookups, never methods of Java objects; partials ({@code {{> name}}}) resolve to nothing, so a
 * template cannot read files.
 */
public final class TemplateRenderer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final DefaultMustacheFactory html = factory(true);
    private final DefaultMustacheFactory text = factory(false);

    /** The rendered subject and HTML body. */
    public record Rendered(String subject, String html) {
    }

    /** Renders {@code subject} and {@code html} with {@code data}; fails with {@link IllegalArgumentException} on a broken template. */
    public Rendered render(String subject, String html, JsonObject data) {
        Map<String, Object> scope = toMap(data);
        String line = renderOne(text, "subject", subject, scope).replaceAll("[\\r\\n]+", " ");
        return new Rendered(line, renderOne(this.html, "html", html, scope));
    }

    /** Null when both parts compile, else why not. */
    public String problem(String subject, String html) {
        try {
            compile(text, "subject", subject);
            compile(this.html, "html", html);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static String renderOne(DefaultMustacheFactory factory, String name, String template, Map<String, Object> scope) {
        Mustache mustache = compile(factory, name, template);
        StringWriter out = new StringWriter();
        try {
            mustache.execute(out, scope);
        } catch (MustacheException e) {
            throw new IllegalArgumentException(name + " cannot be rendered: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static Mustache compile(DefaultMustacheFactory factory, String name, String template) {
        try {
            return factory.compile(new StringReader(template), name);
        } catch (MustacheException e) {
            throw new IllegalArgumentException(name + " is not a valid template: " + firstLine(e.getMessage()), e);
        }
    }

    private static DefaultMustacheFactory factory(boolean escapeHtml) {
        DefaultMustacheFactory factory = escapeHtml ? new DefaultMustacheFactory(resource -> null) : new DefaultMustacheFactory(resource -> null) {
            @Override
            public void encode(String value, java.io.Writer writer) {
                try {
                    writer.write(value);
                } catch (java.io.IOException e) {
                    throw new MustacheException("cannot write", e);
                }
            }
        };
        factory.setObjectHandler(new MapObjectHandler());
        return factory;
    }

    private static Map<String, Object> toMap(JsonObject data) {
        // re-read, so nested objects built in code (not only those parsed from JSON) become maps too
        return data == null ? Map.of() : JSON.convertValue(new JsonObject(data.encode()).getMap(), MAP);
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
    }
}
