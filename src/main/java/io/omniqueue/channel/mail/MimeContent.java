package io.omniqueue.channel.mail;

import java.util.ArrayList;
import java.util.List;

/** What a walk through the MIME tree found: body texts in reading order, and the attachments. */
final class MimeContent {

    private final List<String> plainTexts = new ArrayList<>();
    private final List<String> htmlTexts = new ArrayList<>();
    private final List<MailAttachment> attachments = new ArrayList<>();

    void addPlain(String text) {
        plainTexts.add(text);
    }

    void addHtml(String html) {
        htmlTexts.add(html);
    }

    void addAttachment(MailAttachment attachment) {
        attachments.add(attachment);
    }

    List<String> plainTexts() {
        return plainTexts;
    }

    List<String> htmlTexts() {
        return htmlTexts;
    }

    List<MailAttachment> attachments() {
        return attachments;
    }
}
