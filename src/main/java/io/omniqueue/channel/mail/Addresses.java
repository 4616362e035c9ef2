package io.omniqueue.channel.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Address headers, read the lenient way: groups opened, broken lists still yield the addresses they contain. */
final class Addresses {

    record Mailbox(String address, String name) {
        static final Mailbox NONE = new Mailbox(null, null);
    }

    private static final int MAX_SENDER_HEADER_CHARS = 8 * 1024;
    private static final Pattern BARE_ADDRESS = Pattern.compile("[^\\s<>(),;:\"\\[\\]]+@[^\\s<>(),;:\"\\[\\]]+");

    private final HeaderText headerText;

    Addresses(HeaderText headerText) {
        this.headerText = headerText;
    }

    /** The first mailbox of a From-like header. */
    Mailbox first(String rawHeader) {
        if (rawHeader == null) {
            return Mailbox.NONE;
        }
        String header = headerText.repair(capped(rawHeader));
        List<InternetAddress> parsed = parse(header);
        if (parsed.isEmpty()) {
            Matcher bare = BARE_ADDRESS.matcher(header);
            return bare.find() ? new Mailbox(lowerCase(bare.group()), null) : Mailbox.NONE;
        }
        InternetAddress first = parsed.get(0);
        String address = first.getAddress();
        String name = headerText.decodeLeftoverWords(first.getPersonal());
        // "From: Whomever" (RFC 2046 examples, some gateways) names a sender without giving an address.
        if (name == null && address != null && !address.contains("@") && !header.contains("<")) {
            return new Mailbox(null, clean(headerText.decodeLeftoverWords(address)));
        }
        return new Mailbox(lowerCase(address), clean(name));
    }

    /** Every address of a To-like header, lower-cased. */
    List<String> all(String rawHeader) {
        if (rawHeader == null) {
            return List.of();
        }
        String header = headerText.repair(rawHeader);
        List<String> addresses = new ArrayList<>();
        List<InternetAddress> parsed = parse(header);
        if (parsed.isEmpty()) {
            Matcher bare = BARE_ADDRESS.matcher(header);
            while (bare.find()) {
                addresses.add(lowerCase(bare.group()));
            }
            return addresses;
        }
        for (InternetAddress address : parsed) {
            String value = lowerCase(address.getAddress());
            if (value != null) {
                addresses.add(value);
            }
        }
        return addresses;
    }

    /**
     * jakarta.mail decodes a display name word by word at a noticeable cost per word; a sender header is never
     * legitimately this long, so a hostile one is cut before it can make parsing slow.
     */
    private static String capped(String rawHeader) {
        return rawHeader.length() > MAX_SENDER_HEADER_CHARS ? rawHeader.substring(0, MAX_SENDER_HEADER_CHARS) : rawHeader;
    }

    private static List<InternetAddress> parse(String header) {
        List<InternetAddress> mailboxes = new ArrayList<>();
        try {
            for (InternetAddress address : InternetAddress.parseHeader(header, false)) {
                if (address.isGroup()) {
                    InternetAddress[] members = address.getGroup(false);
                    if (members != null) {
                        mailboxes.addAll(List.of(members));
                    }
                } else {
                    mailboxes.add(address);
                }
            }
        } catch (AddressException | RuntimeException e) {
            mailboxes.clear(); // the caller falls back to picking bare addresses out of the text
        }
        return mailboxes;
    }

    private static String lowerCase(String address) {
        String value = clean(address);
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    private static String clean(String value) {
        if (value == null) {
            return null;
        }
        String stripped = value.replace("\u0000", "").strip();
        return stripped.isEmpty() ? null : stripped;
    }
}
