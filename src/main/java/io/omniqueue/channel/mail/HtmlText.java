package io.omniqueue.channel.mail;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

import java.util.Set;
import java.util.regex.Pattern;

/** HTML mail bodies: to readable plain text, and to HTML that is safe to show to an agent. */
final class HtmlText {

    /**
     * Formatting, tables and links only. No style (neither tags nor attributes: CSS url() loads remote
     * content), and images only by cid: so that opening a mail never tells the sender it was read.
     */
    private static final Safelist SAFELIST = Safelist.relaxed()
            .removeProtocols("a", "href", "ftp")
            .removeProtocols("img", "src", "http", "https")
            .addProtocols("img", "src", "cid")
            .addEnforcedAttribute("a", "rel", "nofollow noopener noreferrer");

    private static final Set<String> CELLS = Set.of("td", "th");
    private static final Pattern SPACES_AT_LINE_ENDS = Pattern.compile("[ \\t\\u00A0]*\\n[ \\t\\u00A0]*");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");

    private HtmlText() {
    }

    static String sanitize(String html) {
        Document clean = new Cleaner(SAFELIST).clean(Jsoup.parse(html));
        // An image whose remote source was removed would only show as a broken icon.
        clean.select("img:not([src])").remove();
        return clean.body().html();
    }

    static String toText(String html) {
        Document document = Jsoup.parse(html);
        StringBuilder text = new StringBuilder();
        NodeTraversor.traverse(new TextCollector(text), document.body());
        String collapsed = SPACES_AT_LINE_ENDS.matcher(text).replaceAll("\n");
        return BLANK_LINES.matcher(collapsed).replaceAll("\n\n").strip();
    }

    /** Keeps a line break wherever a browser would start a new block. */
    private static final class TextCollector implements NodeVisitor {

        private final StringBuilder text;

        TextCollector(StringBuilder text) {
            this.text = text;
        }

        @Override
        public void head(Node node, int depth) {
            if (node instanceof TextNode textNode) {
                text.append(textNode.text());
            } else if (node instanceof Element element) {
                if (element.nameIs("br")) {
                    text.append('\n');
                } else if (element.isBlock()) {
                    newLine();
                }
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (node instanceof Element element) {
                if (element.nameIs("p") || element.tagName().matches("h[1-6]")) {
                    newLine();
                    text.append('\n');
                } else if (element.isBlock()) {
                    newLine();
                } else if (CELLS.contains(element.normalName())) {
                    text.append(' ');
                }
            }
        }

        private void newLine() {
            if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
                text.append('\n');
            }
        }
    }
}
