package io.windowops.notifier.message;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import com.github.mustachejava.MustacheNotFoundException;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders notices from editable Mustache templates: {@code <name>.txt.mustache} (first line
 * {@code Subject: ...}, then a blank line, then the plain-text body) and one shared {@code
 * layout.html.mustache} for the HTML part. Templates come from a directory when configured
 * (operators edit them without rebuilding), else from the jar's {@code templates/}.
 */
public final class Templates {

  private static final String SUBJECT = "Subject:";

  private final MustacheFactory text;
  private final MustacheFactory html;
  private final String where;
  private final Map<String, Object> shared;

  private Templates(MustacheFactory text, MustacheFactory html, String where, Map<String, Object> shared) {
    this.text = text;
    this.html = html;
    this.where = where;
    this.shared = Map.copyOf(shared);
  }

  private Templates(MustacheFactory text, MustacheFactory html, String where) {
    this(text, html, where, Map.of());
  }

  /**
   * These templates with values every notice may use (e.g. {@code schedulerUrl} for the review
   * link); a notice's own value of the same name wins.
   */
  public Templates withShared(Map<String, Object> values) {
    return new Templates(text, html, where, values);
  }

  public static Templates fromClasspath() {
    return new Templates(new PlainTextFactory("templates"), new DefaultMustacheFactory("templates"), "classpath:templates/");
  }

  public static Templates fromDirectory(Path dir) {
    File root = dir.toFile();
    if (!root.isDirectory()) {
      throw new IllegalArgumentException("template directory " + dir + " does not exist");
    }
    return new Templates(new PlainTextFactory(root), new DefaultMustacheFactory(root), dir.toString());
  }

  /** Renders template {@code name} (e.g. {@code initial}) with the notice's values. */
  public RenderedMessage render(String name, Map<String, Object> noticeValues) {
    Map<String, Object> values = new HashMap<>(shared);
    values.putAll(noticeValues);
    String rendered = run(compile(text, name + ".txt.mustache"), values);
    if (!rendered.startsWith(SUBJECT)) {
      throw new IllegalStateException(
          "template " + where + name + ".txt.mustache must start with a 'Subject:' line");
    }
    int eol = rendered.indexOf('\n');
    String subject = rendered.substring(SUBJECT.length(), eol < 0 ? rendered.length() : eol).strip();
    String body = eol < 0 ? "" : rendered.substring(eol + 1).strip() + "\n";
    body = body.replaceAll("\n{3,}", "\n\n");

    Map<String, Object> htmlValues = new HashMap<>(values);
    htmlValues.put("subject", subject);
    htmlValues.put("paragraphs", paragraphs(body));
    String htmlBody = run(compile(html, "layout.html.mustache"), htmlValues);
    return new RenderedMessage(subject, body, htmlBody);
  }

  private Mustache compile(MustacheFactory factory, String file) {
    try {
      return factory.compile(file);
    } catch (MustacheNotFoundException e) {
      throw new IllegalStateException("template " + where + file + " does not exist", e);
    }
  }

  private static String run(Mustache m, Map<String, Object> values) {
    StringWriter out = new StringWriter();
    m.execute(out, values);
    return out.toString();
  }

  private static List<Map<String, Object>> paragraphs(String body) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String p : body.strip().split("\n\\s*\n")) {
      out.add(Map.of("lines", Arrays.asList(p.split("\n"))));
    }
    return out;
  }

  /** Text templates are not HTML: values are written as they are. */
  private static final class PlainTextFactory extends DefaultMustacheFactory {
    PlainTextFactory(String resourceRoot) {
      super(resourceRoot);
    }

    PlainTextFactory(File root) {
      super(root);
    }

    @Override
    public void encode(String value, Writer writer) {
      try {
        writer.write(value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
