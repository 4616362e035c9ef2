package io.omniqueue.sla.watch;

import java.util.List;

/** One alert mail to send: who, what, and the text. */
record AlertMail(List<String> to, String subject, String body) {
}
