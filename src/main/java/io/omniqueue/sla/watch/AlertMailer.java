package io.omniqueue.sla.watch;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/** Sends alert mails by SMTP through camel-mail. */
@Component
class AlertMailer {

    private final ProducerTemplate producer;
    private final AlertSettings settings;
    private final Session session = Session.getInstance(new Properties());

    AlertMailer(ProducerTemplate producer, AlertSettings settings) {
        this.producer = producer;
        this.settings = settings;
    }

    /** @throws IllegalStateException when the mail could not be handed to the SMTP server */
    void send(AlertMail alert) {
        MimeMessage mail = new MimeMessage(session);
        try {
            mail.setFrom(new InternetAddress(settings.from()));
            for (String to : alert.to()) {
                mail.addRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(to));
            }
            mail.setSubject(alert.subject(), "UTF-8");
            mail.setText(alert.body(), "UTF-8");
            // Tells mail servers and auto-responders this is machine mail: no out-of-office loops.
            mail.setHeader("Auto-Submitted", "auto-generated");
        } catch (MessagingException e) {
            throw new IllegalStateException("alert mail can't be written: " + e.getMessage(), e);
        }
        Exchange result = producer.send(settings.smtp().smtpEndpointUri(), exchange -> exchange.getMessage().setBody(mail));
        if (result.getException() != null) {
            throw new IllegalStateException("alert mail not sent: " + result.getException().getMessage(), result.getException());
        }
    }
}
