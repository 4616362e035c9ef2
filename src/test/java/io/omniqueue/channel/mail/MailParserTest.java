package io.omniqueue.channel.mail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class MailParserTest {

    private static final long STORE_LIMIT = 1024;

    private final MailParser parser = new MailParser(STORE_LIMIT);

    // ---- encoded headers ----

    @Test
    void iso88591BaseEncodedNameAndQuotedPrintableSubject() throws Exception {
        ParsedMail mail = parse("encoded-iso-8859-1.eml");

        assertThat(mail.fromName()).isEqualTo("Frédéric Müller");
        assertThat(mail.fromAddress()).isEqualTo("frederic.muller@example.fr");
        assertThat(mail.subject()).isEqualTo("Café crème déjà reçu");
        assertThat(mail.textBody()).isEqualTo("Bonjour, le café est arrivé froid.");
    }

    @Test
    void windows1252KeepsEuroSignAndCurlyQuotes() throws Exception {
        ParsedMail mail = parse("encoded-windows-1252.eml");

        assertThat(mail.fromName()).isEqualTo("Zoë “the buyer” Ñúñez");
        assertThat(mail.subject()).isEqualTo("Prix 20 € – offre “spéciale”");
        assertThat(mail.textBody()).isEqualTo("Le prix est 20 € – merci.");
    }

    @Test
    void utf8AdjacentWordsAreJoinedAndAnEncodedCommaDoesNotSplitTheAddress() throws Exception {
        ParsedMail mail = parse("encoded-utf-8.eml");

        assertThat(mail.subject()).isEqualTo("Où est mon colis ? 📦");
        assertThat(mail.fromName()).isEqualTo("Dupont, Jérôme");
        assertThat(mail.fromAddress()).isEqualTo("jerome.dupont@example.com");
        assertThat(mail.to()).containsExactly("support@shop.example", "other@example.com");
        assertThat(mail.textBody()).isEqualTo("Bonjour, où est mon colis ?");
    }

    @Test
    void koi8r() throws Exception {
        ParsedMail mail = parse("encoded-koi8-r.eml");

        assertThat(mail.fromName()).isEqualTo("Иван Петров");
        assertThat(mail.subject()).isEqualTo("Привет, где мой заказ?");
        assertThat(mail.textBody()).isEqualTo("Здравствуйте! Где мой заказ?");
    }

    @Test
    void raw8BitUtf8Headers() throws Exception {
        ParsedMail mail = parse("raw-utf8-headers.eml");

        assertThat(mail.fromName()).isEqualTo("Zoë Ångström");
        assertThat(mail.fromAddress()).isEqualTo("zoe@example.se");
        assertThat(mail.subject()).isEqualTo("Commande n°42 – où est mon colis ?");
        assertThat(mail.textBody()).isEqualTo("Hej! Где мой заказ? 😊");
    }

    @Test
    void raw8BitHeadersThatAreNotUtf8AreReadInTheBodyCharset() throws Exception {
        byte[] raw = bytes("""
                From: J\u00fcrgen <j@example.de>
                Subject: Die Hasen und die Fr\u00f6sche
                Content-Type: text/plain; charset=iso-8859-15

                Hallo
                """, StandardCharsets.ISO_8859_1);

        ParsedMail mail = parser.parse(raw);

        assertThat(mail.fromName()).isEqualTo("Jürgen");
        assertThat(mail.subject()).isEqualTo("Die Hasen und die Frösche");
    }

    @Test
    void utf7EncodedWordsOfOldOutlookVersions() throws Exception {
        ParsedMail mail = parser.parse(utf8("""
                From: doug@example.com
                Subject: =?utf-7?Q?Die_Hasen_und_die_Fr+APY-sche_1+-1?=

                body
                """));

        assertThat(mail.subject()).isEqualTo("Die Hasen und die Frösche 1+1");
    }

    @Test
    void foldedSubjectIsUnfolded() throws Exception {
        ParsedMail mail = parser.parse(utf8("From: a@example.com\r\nSubject: a long\r\n\tsubject line\r\n\r\nbody\r\n"));

        assertThat(mail.subject()).isEqualTo("a long\tsubject line");
    }

    // ---- senders ----

    @Test
    void amazonRelayWithMarketplaceAndOrderIdFromTheSubject() throws Exception {
        ParsedMail mail = parse("amazon-relay.eml");

        assertThat(mail.amazon()).isEqualTo(new AmazonRelay("b7xq9kz2m4abc@marketplace.amazon.fr", "fr",
                "171-5550123-9876543"));
        assertThat(mail.automatic()).isFalse();
    }

    @Test
    void amazonRelayOnAMultiLevelDomainWithTheOrderIdInTheBody() throws Exception {
        ParsedMail mail = parser.parse(utf8("""
                From: Buyer <ZZ9XQ@Marketplace.Amazon.co.uk>
                Subject: Message from buyer

                Hi, about order 026-1234567-7654321: where is it?
                """));

        assertThat(mail.amazon()).isEqualTo(new AmazonRelay("zz9xq@marketplace.amazon.co.uk", "co.uk",
                "026-1234567-7654321"));
    }

    @Test
    void ordinarySendersAreNotAmazonRelays() throws Exception {
        ParsedMail mail = parser.parse(utf8("""
                From: someone@amazon.fr
                Subject: order 171-5550123-9876543

                hi
                """));

        assertThat(mail.amazon()).isNull();
    }

    @Test
    void aMailWithoutFromIsStillRead() throws Exception {
        ParsedMail mail = parser.parse(utf8("Subject: who am I\n\nanonymous\n"));

        assertThat(mail.fromAddress()).isNull();
        assertThat(mail.fromName()).isNull();
        assertThat(mail.subject()).isEqualTo("who am I");
        assertThat(mail.textBody()).isEqualTo("anonymous");
    }

    @Test
    void aNameWithoutAddressIsKeptAsName() throws Exception {
        ParsedMail mail = parser.parse(utf8("From: Whomever\nSubject: x\n\nbody\n"));

        assertThat(mail.fromAddress()).isNull();
        assertThat(mail.fromName()).isEqualTo("Whomever");
    }

    // ---- automatic mails ----

    @Test
    void outOfOfficeReply() throws Exception {
        ParsedMail mail = parse("out-of-office.eml");

        assertThat(mail.automatic()).isTrue();
        assertThat(mail.automaticReason()).isEqualTo("Auto-Submitted: auto-replied");
    }

    @Test
    void bounceIsAReport() throws Exception {
        ParsedMail mail = parse("bounce.eml");

        assertThat(mail.automatic()).isTrue();
        assertThat(mail.automaticReason()).isEqualTo("multipart/report");
        assertThat(mail.textBody()).contains("could not be delivered");
        assertThat(mail.attachments()).extracting(MailAttachment::contentType)
                .containsExactly("message/delivery-status", "text/rfc822-headers");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Precedence: bulk                              | Precedence: bulk
            Precedence: auto_reply                        | Precedence: auto_reply
            Precedence: junk                              | Precedence: junk
            X-Autoreply: yes                              | X-Autoreply
            X-Autorespond: on                             | X-Autorespond
            Auto-Submitted: auto-generated                | Auto-Submitted: auto-generated
            """)
    void automaticHeaders(String header, String reason) throws Exception {
        ParsedMail mail = parser.parse(utf8(header + "\nSubject: x\nFrom: robot@example.com\n\nbody\n"));

        assertThat(mail.automatic()).isTrue();
        assertThat(mail.automaticReason()).isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Postmaster <POSTMASTER@mx.example.com>          | postmaster sender
            MAILER-DAEMON@mx.example.com (Mail Delivery)    | mailer-daemon sender
            """)
    void systemSenders(String from, String reason) throws Exception {
        ParsedMail mail = parser.parse(utf8("From: " + from + "\nSubject: failure\n\nbody\n"));

        assertThat(mail.automaticReason()).isEqualTo(reason);
    }

    @Test
    void peopleAndAutoSubmittedNoAreNotAutomatic() throws Exception {
        ParsedMail mail = parser.parse(utf8("""
                From: person@example.com
                Auto-Submitted: no
                Precedence: list
                Subject: hello

                I wrote this myself.
                """));

        assertThat(mail.automatic()).isFalse();
        assertThat(mail.automaticReason()).isNull();
    }

    // ---- bodies ----

    @Test
    void htmlOnlyMailIsConvertedToTextAndSanitized() throws Exception {
        ParsedMail mail = parse("html-hostile.eml");

        assertThat(mail.textBody())
                .contains("Hello, my order number 42 arrived broken.\n\nPlease send a new one.")
                .contains("first item\nsecond item")
                .doesNotContain("script", "Hidden title", "steal", "<");
        assertThat(mail.safeHtml())
                .contains("<b>number 42</b>", "Please send a new one.")
                .contains("href=\"https://shop.example/orders/42\"", "href=\"mailto:eve@attacker.example\"")
                .contains("src=\"cid:photo1@example\"")
                .doesNotContainIgnoringCase("<script")
                .doesNotContainIgnoringCase("<style")
                .doesNotContainIgnoringCase("<iframe")
                .doesNotContainIgnoringCase("<form")
                .doesNotContainIgnoringCase("onload")
                .doesNotContainIgnoringCase("onclick")
                .doesNotContainIgnoringCase("javascript:")
                .doesNotContainIgnoringCase("url(")
                .doesNotContainIgnoringCase("tracker.example")
                .doesNotContainIgnoringCase("http://");
        assertThat(mail.attachments()).isEmpty();
    }

    @Test
    void alternativeInsideMixedPrefersPlainTextAndListsTheAttachment() throws Exception {
        ParsedMail mail = parse("mixed-alternative-attachment.eml");

        assertThat(mail.textBody()).isEqualTo("Guten Tag, anbei die Rechnung für Bestellung 42.");
        assertThat(mail.safeHtml()).contains("<b>Rechnung</b>");
        assertThat(mail.attachments()).singleElement().satisfies(pdf -> {
            assertThat(pdf.name()).isEqualTo("Rechnung für Bestellung 42.pdf");
            assertThat(pdf.contentType()).isEqualTo("application/pdf");
            assertThat(pdf.stored()).isTrue();
            assertThat(new String(pdf.content(), StandardCharsets.US_ASCII)).startsWith("%PDF-1.4");
            assertThat(pdf.sizeBytes()).isEqualTo(pdf.content().length);
        });
    }

    @Test
    void attachmentsAboveTheLimitAreListedButNotStored() throws Exception {
        ParsedMail mail = parse("big-attachment.eml");

        assertThat(mail.textBody()).isEqualTo("See the attached photo.");
        assertThat(mail.attachments()).hasSize(2);
        MailAttachment photo = mail.attachments().get(0);
        assertThat(photo.name()).isEqualTo("dégât.jpg");
        assertThat(photo.sizeBytes()).isEqualTo(2048);
        assertThat(photo.content()).isNull();
        assertThat(photo.stored()).isFalse();
        MailAttachment small = mail.attachments().get(1);
        assertThat(small.name()).isEqualTo("small.txt");
        assertThat(small.stored()).isTrue();
        assertThat(small.content()).isEqualTo("tiny".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void rfc2231FileNamesAreNotReadInTheFallbackCharset() throws Exception {
        ParsedMail mail = parser.parse(utf8("""
                From: a@example.ru
                Subject: file
                Content-Type: text/plain; charset=koi8-r
                Content-Disposition: attachment; filename*=iso-8859-1''f%FCr.txt

                data
                """));

        assertThat(mail.attachments()).singleElement()
                .satisfies(file -> assertThat(file.name()).isEqualTo("für.txt"));
    }

    @Test
    void truncatedMultipartKeepsItsText() throws Exception {
        ParsedMail mail = parse("truncated-multipart.eml");

        assertThat(mail.subject()).isEqualTo("Truncated in transit");
        assertThat(mail.fromAddress()).isEqualTo("erik@example.se");
        assertThat(mail.textBody()).isEqualTo("The first part survived: order 42 is missing a screw.");
        assertThat(mail.attachments()).singleElement()
                .satisfies(png -> assertThat(png.name()).isEqualTo("photo.png"));
    }

    @Test
    void unknownCharsetLabelsAreReadAnyway() throws Exception {
        ParsedMail mail = parse("unknown-charset.eml");

        assertThat(mail.fromName()).isEqualTo("Marvin the Martian");
        assertThat(mail.subject()).isEqualTo("Greetings from Mars");
        assertThat(mail.textBody()).isEqualTo("Where is my ray gun? Ça presse.");
    }

    @Test
    void badBase64StillGivesTheReadableText() throws Exception {
        ParsedMail mail = parser.parse(utf8("""
                From: a@example.com
                Subject: bad base64
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: base64

                SGVsbG8gd29ybGQ=?!garbage
                """));

        assertThat(mail.textBody()).isEqualTo("Hello world");
    }

    @Test
    void multipartWithoutAnyBoundaryLineIsReadAsText() throws Exception {
        ParsedMail mail = parser.parse(utf8("""
                From: a@example.com
                Subject: lost boundary
                Content-Type: multipart/mixed; boundary="xyz"

                Just some text, no parts at all.
                """));

        assertThat(mail.textBody()).isEqualTo("Just some text, no parts at all.");
    }

    @Test
    void mboxEnvelopeLineAndByteOrderMarkAreSkipped() throws Exception {
        byte[] withEnvelope = utf8("From a@example.com Mon Nov  3 09:00:00 2025\nFrom: a@example.com\nSubject: s\n\nb\n");
        byte[] withBom = utf8("\uFEFFFrom: a@example.com\nSubject: s\n\nb\n");

        assertThat(parser.parse(withEnvelope).fromAddress()).isEqualTo("a@example.com");
        assertThat(parser.parse(withBom).subject()).isEqualTo("s");
    }

    @Test
    void crlfAndLfGiveTheSameText() throws Exception {
        String mail = "From: a@example.com\nSubject: s\n\nline one\nline two\n";

        assertThat(parser.parse(utf8(mail.replace("\n", "\r\n"))).textBody())
                .isEqualTo(parser.parse(utf8(mail)).textBody())
                .isEqualTo("line one\nline two");
    }

    // ---- identity ----

    @Test
    void messageIdHasNoAngleBrackets() throws Exception {
        ParsedMail mail = parse("encoded-utf-8.eml");

        assertThat(mail.messageId()).isEqualTo("utf8-001@example.com");
        assertThat(mail.syntheticMessageId()).isFalse();
        assertThat(mail.date()).isEqualTo(Instant.parse("2025-11-05T07:30:00Z"));
    }

    @Test
    void missingMessageIdGetsAStableSyntheticOne() throws Exception {
        byte[] raw = mail("no-message-id.eml");
        byte[] otherBody = new String(raw, StandardCharsets.US_ASCII)
                .replace("forgot the Message-ID", "forgot the Message-ID again").getBytes(StandardCharsets.US_ASCII);

        ParsedMail first = parser.parse(raw);
        ParsedMail second = new MailParser(STORE_LIMIT).parse(raw.clone());
        ParsedMail other = parser.parse(otherBody);

        assertThat(first.syntheticMessageId()).isTrue();
        assertThat(first.messageId()).matches("synthetic-[0-9a-f]{64}@omniqueue\\.invalid");
        assertThat(second.messageId()).isEqualTo(first.messageId());
        assertThat(other.messageId()).isNotEqualTo(first.messageId());
    }

    @Test
    void inReplyToAndReferencesInHeaderOrder() throws Exception {
        ParsedMail mail = parse("reply-with-references.eml");

        assertThat(mail.inReplyTo()).isEqualTo("reply-002@shop.example");
        assertThat(mail.references()).containsExactly("first-001@example.nl", "reply-001@shop.example",
                "reply-002@example.nl", "reply-002@shop.example");
        assertThat(mail.date()).isEqualTo(Instant.parse("2025-11-15T15:45:30Z"));
    }

    @Test
    void conversationTokenFromTheSubject() throws Exception {
        assertThat(parse("reply-with-references.eml").conversationToken()).isEqualTo(42L);
    }

    @Test
    void conversationTokenFromTheBodyWhenTheSubjectHasNone() throws Exception {
        ParsedMail mail = parser.parse(utf8("""
                From: a@example.com
                Subject: Re: your answer

                Thanks!
                > On Monday you wrote [#OQ-1234]:
                """));

        assertThat(mail.conversationToken()).isEqualTo(1234L);
    }

    @Test
    void noConversationToken() throws Exception {
        assertThat(parse("encoded-utf-8.eml").conversationToken()).isNull();
    }

    @Test
    void missingOrUnparseableDateIsNull() throws Exception {
        assertThat(parser.parse(utf8("From: a@example.com\nDate: next Tuesday-ish\n\nb\n")).date()).isNull();
        assertThat(parser.parse(utf8("From: a@example.com\n\nb\n")).date()).isNull();
    }

    // ---- unreadable ----

    @Test
    void emptyInput() {
        assertUnreadable(new byte[0], "empty");
        assertUnreadable(null, "empty");
    }

    @Test
    void pngBytes() {
        assertUnreadable(mail("not-a-mail.png"), "not an e-mail");
    }

    @Test
    void textWithoutHeaders() {
        assertUnreadable(utf8("hello world"), "not an e-mail");
        assertUnreadable(utf8("Dear shop: my parcel is late\n"), "not an e-mail");
    }

    @Test
    void blankInput() {
        assertUnreadable(utf8("\r\n\r\n   \n"), "no header section");
    }

    private void assertUnreadable(byte[] raw, String reason) {
        assertThatThrownBy(() -> parser.parse(raw))
                .isInstanceOf(UnreadableMailException.class)
                .hasMessageContaining(reason);
    }

    // ---- hostile input ----

    @Test
    void deeplyNestedMultipartsAreCutOff() {
        StringBuilder mail = new StringBuilder("From: a@example.com\nSubject: nested\n");
        int depth = 2000;
        for (int i = 0; i < depth; i++) {
            mail.append("Content-Type: multipart/mixed; boundary=\"b").append(i).append("\"\n\n--b").append(i).append('\n');
        }
        mail.append("Content-Type: text/plain\n\ndeep down\n");

        ParsedMail parsed = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> parser.parse(utf8(mail.toString())));

        assertThat(parsed.subject()).isEqualTo("nested");
        assertThat(parsed.textBody()).doesNotContain("deep down");
    }

    @Test
    void manyPartsAreBounded() {
        StringBuilder mail = new StringBuilder("From: a@example.com\nSubject: many\nContent-Type: multipart/mixed; boundary=x\n\n");
        for (int i = 0; i < 20_000; i++) {
            mail.append("--x\nContent-Type: image/gif\n\nGIF").append(i).append('\n');
        }
        mail.append("--x--\n");

        ParsedMail parsed = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> parser.parse(utf8(mail.toString())));

        assertThat(parsed.subject()).isEqualTo("many");
        assertThat(parsed.attachments()).hasSizeLessThanOrEqualTo(MimeWalker.MAX_PARTS);
    }

    @Test
    void thePartBudgetCoversNestedMultipartsToo() {
        StringBuilder mail = new StringBuilder("From: a@example.com\nSubject: nested many\nContent-Type: multipart/mixed; boundary=top\n\n");
        for (int i = 0; i < 200; i++) {
            mail.append("--top\nContent-Type: multipart/related; boundary=inner").append(i).append("\n\n");
            mail.append(("--inner" + i + "\nContent-Type: image/gif\n\nGIF\n").repeat(400));
        }

        ParsedMail parsed = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> parser.parse(utf8(mail.toString())));

        assertThat(parsed.attachments()).hasSizeLessThanOrEqualTo(MimeWalker.MAX_PARTS)
                .allSatisfy(gif -> assertThat(gif.contentType()).isEqualTo("image/gif"));
        assertThat(parsed.textBody()).isEmpty();
    }

    @Test
    void garbageAfterAValidHeaderLineIsNotFatal() throws Exception {
        byte[] raw = new byte[4096];
        new java.util.Random(42).nextBytes(raw);
        byte[] header = utf8("Subject: noise\n");
        System.arraycopy(header, 0, raw, 0, header.length);

        ParsedMail mail = parser.parse(raw);

        assertThat(mail.subject()).startsWith("noise");
    }

    private ParsedMail parse(String resource) throws UnreadableMailException {
        return parser.parse(mail(resource));
    }

    static byte[] mail(String resource) {
        try (InputStream in = MailParserTest.class.getResourceAsStream("/mail/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test mail " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] utf8(String text) {
        return bytes(text, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text, Charset charset) {
        return text.getBytes(charset);
    }
}
