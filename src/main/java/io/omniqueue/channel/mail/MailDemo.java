package io.omniqueue.channel.mail;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.DemoSimulator;
import io.omniqueue.channel.MailServerSettings;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Demo mode's mail server: GreenMail on this machine for every mail channel whose IMAP host is
 * local, with the shop's mailbox, customers writing in and Amazon buyer messages arriving from
 * relay addresses. Replies sent by SMTP land in the customers' GreenMail mailboxes.
 */
@Component
class MailDemo implements DemoSimulator {

    private static final Logger log = LoggerFactory.getLogger(MailDemo.class);
    private static final Set<String> LOCAL = Set.of("127.0.0.1", "localhost");

    private GreenMail greenMail;
    private GreenMailUser shop;
    private String shopAddress;
    private final AtomicInteger sequence = new AtomicInteger();

    @Override
    public String kind() {
        return MailKind.NAME;
    }

    /** One mail server plays the first mailbox that points at this machine. */
    @Override
    public void start(List<Channel> channels) {
        for (Channel channel : channels) {
            MailSettings settings = channel.settings(MailSettings.class);
            MailServerSettings imap = settings.imap();
            MailServerSettings smtp = settings.smtp();
            if (imap == null || smtp == null || !LOCAL.contains(imap.host())) {
                continue;
            }
            greenMail = new GreenMail(new ServerSetup[] {
                new ServerSetup(imap.port(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
                new ServerSetup(smtp.port(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP)});
            greenMail.start();
            shop = greenMail.setUser(settings.from(), imap.username(), imap.password());
            shopAddress = settings.from();
            log.info("Demo: mail server for channel {} (IMAP {}, SMTP {}), mailbox {}", channel.id(), imap.port(),
                    smtp.port(), shopAddress);
            customerWrites();
            customerWrites();
            return;
        }
    }

    /** A customer mails the shop, or an Amazon buyer writes through Amazon's relay (Amazon France or Spain). */
    @Override
    public void customerWrites() {
        if (greenMail == null) {
            return;
        }
        int n = sequence.incrementAndGet();
        String date = ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME);
        String raw;
        if (n % 4 == 0) {
            // Every other Amazon buyer writes from amazon.es: the queue, report and gauges show two Amazon sites.
            String order = String.format("%03d-%07d-%07d", 402 + n % 7, 5550000 + n, 9876543 - n);
            raw = "From: \"Cliente de Amazon Luz\" <luz" + n + "xyz@marketplace.amazon.es>\r\n"
                    + "To: " + shopAddress + "\r\nDate: " + date + "\r\n"
                    + "Message-ID: <demo-amazon-" + n + "-" + System.nanoTime() + "@amazon.es>\r\n"
                    + "Subject: Pregunta de un cliente de Amazon sobre el pedido " + order + "\r\n"
                    + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                    + "Hola, ¿cuándo se enviará mi pedido " + order + "?\r\n";
        } else if (n % 2 == 0) {
            String order = String.format("%03d-%07d-%07d", 171 + n % 7, 5550000 + n, 9876543 - n);
            raw = "From: \"Amazon customer Jo\" <jo" + n + "xyz@marketplace.amazon.fr>\r\n"
                    + "To: " + shopAddress + "\r\nDate: " + date + "\r\n"
                    + "Message-ID: <demo-amazon-" + n + "-" + System.nanoTime() + "@amazon.fr>\r\n"
                    + "Subject: Question d'un client Amazon sur la commande " + order + "\r\n"
                    + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                    + "Bonjour, quand ma commande " + order + " sera-t-elle expédiée ?\r\n";
        } else {
            String[] names = {"Nina Keller", "Paul Martin", "Zoé Bernard"};
            String name = names[ThreadLocalRandom.current().nextInt(names.length)];
            raw = "From: \"" + name + "\" <" + name.toLowerCase().replace(' ', '.').replace("é", "e") + "@example.com>\r\n"
                    + "To: " + shopAddress + "\r\nDate: " + date + "\r\n"
                    + "Message-ID: <demo-mail-" + n + "-" + System.nanoTime() + "@example.com>\r\n"
                    + "Subject: =?UTF-8?Q?Retour_d=27un_article?=\r\n"
                    + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                    + "Hello, I would like to return the lamp I bought last week. How do I proceed?\r\n";
        }
        shop.deliver(GreenMailUtil.newMimeMessage(new java.io.ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
    }

    @Override
    public void close() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }
}
