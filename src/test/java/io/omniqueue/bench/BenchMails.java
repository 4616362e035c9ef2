package io.omniqueue.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The mails of the mailbox bench: a shop's everyday customer mail (plain and HTML, follow-ups in
 * the same thread, photos attached, Amazon relay mail), with every fourth one taken from the
 * real-world corpus ({@code ../shared/corpus/mail}: odd charsets, nested multiparts, broken mail)
 * when it is there. Each mail gets a Message-ID of its own, so none is a duplicate of another.
 */
final class BenchMails {

    static final Path CORPUS = Path.of(System.getProperty("omniqueue.mail-corpus", "../shared/corpus/mail"));
    private static final String[] NAMES = {"Lucía Fernández", "Marc Dubois", "Anna Schmidt", "John Miller", "Sofía Ruiz"};
    private static final String[] SUBJECTS = {"¿Dónde está mi pedido %d?", "Colis %d arrivé abîmé", "Falscher Artikel in Bestellung %d",
        "Return request for order %d", "Factura del pedido %d"};
    private static final String[] BODIES = {
        "Hola,\n\nhice el pedido %d hace diez días y todavía no ha llegado. ¿Me podéis decir dónde está?\n\nGracias,\n",
        "Bonjour,\n\nle colis de la commande %d est arrivé avec le carton déchiré et le vase cassé. Je joins une photo.\n\nCordialement,\n",
        "Guten Tag,\n\nin der Bestellung %d war ein anderer Artikel als bestellt. Wie kann ich ihn zurückschicken?\n\nViele Grüße\n",
        "Hello,\n\nI would like to return order %d: the size does not fit. Could you send me a return label?\n\nThanks,\n",
        "Buenos días,\n\nnecesito la factura del pedido %d a nombre de mi empresa.\n\nUn saludo,\n"};

    private BenchMails() {
    }

    /** {@code count} mails, the same every run (a fixed seed), in delivery order; their Message-IDs begin with {@code prefix}. */
    static List<byte[]> make(int count, String shopAddress, String prefix) {
        List<byte[]> corpus = corpus();
        Random random = new Random(14);
        List<byte[]> mails = new ArrayList<>(count);
        ZonedDateTime date = ZonedDateTime.of(2026, 11, 27, 8, 0, 0, 0, ZoneOffset.UTC);
        String previous = null;
        for (int i = 0; i < count; i++) {
            String messageId = prefix + "-" + i + "@customer.test";
            date = date.plusMinutes(1);
            if (!corpus.isEmpty() && i % 4 == 3) {
                mails.add(withMessageId(corpus.get((i / 4) % corpus.size()), messageId));
                continue;
            }
            int kind = random.nextInt(BODIES.length);
            long order = 400_000_000L + random.nextInt(100_000_000);
            String name = NAMES[random.nextInt(NAMES.length)];
            String from = i % 10 == 5 ? "\"" + name + " - Amazon Marketplace\" <" + "buyer" + (i % 300) + "@marketplace.amazon.es>"
                    : "\"" + name + "\" <customer" + (i % 300) + "@customer.test>";
            // One in five follows up the mail before it: the same thread.
            String replyTo = previous != null && i % 5 == 4 ? "In-Reply-To: <" + previous + ">\r\nReferences: <" + previous + ">\r\n" : "";
            String text = BODIES[kind].formatted(order) + name + "\n";
            String headers = "From: " + from + "\r\nTo: " + shopAddress + "\r\nSubject: " + SUBJECTS[kind].formatted(order)
                    + "\r\nDate: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(date) + "\r\nMessage-ID: <" + messageId + ">\r\n"
                    + replyTo + "MIME-Version: 1.0\r\n";
            mails.add((headers + body(text, kind == 1 ? photo(random) : null)).getBytes(StandardCharsets.UTF_8));
            previous = messageId;
        }
        return mails;
    }

    /** How many of {@code count} mails come from the corpus. */
    static int fromCorpus(int count) {
        return corpus().isEmpty() ? 0 : (count + 1) / 4;
    }

    private static String body(String text, String photo) {
        String html = "<html><body><p>" + text.replace("&", "&amp;").replace("<", "&lt;").replace("\n\n", "</p><p>")
                .replace("\n", "<br>") + "</p></body></html>";
        String alternative = "--alt\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + text
                + "\r\n--alt\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + quotedPrintable(html) + "\r\n--alt--\r\n";
        if (photo == null) {
            return "Content-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n" + alternative;
        }
        return "Content-Type: multipart/mixed; boundary=\"mixed\"\r\n\r\n--mixed\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n"
                + alternative + "--mixed\r\nContent-Type: image/jpeg; name=\"photo.jpg\"\r\nContent-Disposition: attachment; filename=\"photo.jpg\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + photo + "\r\n--mixed--\r\n";
    }

    /** A 40 kB "photo", base64 in lines of 76. */
    private static String photo(Random random) {
        byte[] bytes = new byte[40_000];
        random.nextBytes(bytes);
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xD8;
        return Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(bytes);
    }

    private static String quotedPrintable(String text) {
        StringBuilder out = new StringBuilder();
        int line = 0;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            String piece = c >= 33 && c <= 126 && c != '=' || c == ' ' ? String.valueOf((char) c) : "=%02X".formatted(c);
            if (line + piece.length() > 75) {
                out.append("=\r\n");
                line = 0;
            }
            out.append(piece);
            line += piece.length();
        }
        return out.toString();
    }

    /** The mail with its own Message-ID instead of the one it had (if any). */
    static byte[] withMessageId(byte[] raw, String messageId) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = headerEnd(text);
        String headers = text.substring(0, end).replaceAll("(?im)^message-id:.*(\\r?\\n[ \\t].*)*(\\r?\\n)?", "");
        return ("Message-ID: <" + messageId + ">\r\n" + headers + text.substring(end)).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int headerEnd(String text) {
        int crlf = text.indexOf("\r\n\r\n");
        int lf = text.indexOf("\n\n");
        if (crlf < 0) {
            return lf < 0 ? text.length() : lf + 1;
        }
        return lf < 0 ? crlf + 2 : Math.min(crlf + 2, lf + 1);
    }

    private static List<byte[]> corpus() {
        if (!Files.isDirectory(CORPUS)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(CORPUS)) {
            List<byte[]> mails = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".eml")).sorted().toList()) {
                mails.add(Files.readAllBytes(file));
            }
            return mails;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
