package io.omniqueue.web.inbox;

import org.jsoup.Jsoup;
import org.jsoup.safety.Safelist;

/**
 * Mail HTML as the conversation page shows it. The mail connector stored it sanitized already;
 * it is cleaned again here because the page is where it would do harm, and a stored row may
 * predate a stricter rule. We show it inline (rather than in a sandboxed iframe) so that a mail
 * reads like the rest of the thread at any width; what makes that safe: no script, event
 * handler, style, image or non-http(s) link survives this list, and the page's
 * Content-Security-Policy forbids inline script and style and any other host's image anyway.
 */
final class SafeHtml {

    private static final Safelist ALLOWED = Safelist.relaxed()
            .removeTags("img")
            .addEnforcedAttribute("a", "rel", "nofollow noopener noreferrer")
            .removeProtocols("a", "href", "ftp")
            .preserveRelativeLinks(false);

    private SafeHtml() {
    }

    static String clean(String html) {
        return html == null ? null : Jsoup.clean(html, ALLOWED);
    }
}
