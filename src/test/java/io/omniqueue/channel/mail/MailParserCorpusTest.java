package io.omniqueue.channel.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Every mail of the shared real-world corpus, as stored and with CRLF line ends, must be read (with the sender
 * and subject a reference parser found, and none where it found none) or refused with a reason, quickly, with
 * nothing else thrown.
 */
class MailParserCorpusTest {

    private static final Path CORPUS = Path.of(System.getProperty("omniqueue.mail-corpus", "../shared/corpus/mail"))
            .toAbsolutePath().normalize();
    private static final List<String> FOLDERS = List.of("rfc", "thirdparty", "legacy", "malformed");
    private static final Duration PER_MAIL = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Mails where the reference parser (a different library) and we legitimately disagree, file to reason; their
     * sender and subject are not compared. None so far: keep it that way, or short and explained.
     */
    private static final Map<String, String> KNOWN_DISAGREEMENTS = Map.of();

    private static final MailParser PARSER = new MailParser(1024 * 1024);
    private static final AtomicInteger READ = new AtomicInteger();
    private static final Map<String, AtomicInteger> UNREADABLE_REASONS = new ConcurrentHashMap<>();

    @BeforeAll
    static void corpusMustBeThere() {
        if (!Files.isDirectory(CORPUS)) {
            System.out.println("mail corpus not found at " + CORPUS + ": corpus test skipped");
        }
    }

    @AfterAll
    static void printSummary() {
        int unreadable = UNREADABLE_REASONS.values().stream().mapToInt(AtomicInteger::get).sum();
        if (READ.get() + unreadable == 0) {
            return;
        }
        System.out.printf("mail corpus %s: %d parses, %d read, %d unreadable%n", CORPUS, READ.get() + unreadable,
                READ.get(), unreadable);
        new TreeMap<>(UNREADABLE_REASONS).forEach((reason, count) ->
                System.out.printf("  unreadable x%d: %s%n", count.get(), reason));
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusMailIsReadOrRefusedWithAReason() {
        assumeCorpus();
        return corpusMails().flatMap(mail -> Stream.of(
                dynamicTest(mail.name() + " as stored", () -> check(mail.name(), mail.raw(), mail.reference())),
                dynamicTest(mail.name() + " with CRLF", () -> check(mail.name(), crlf(mail.raw()), mail.crlfReference()))));
    }

    @Test
    void aBrokenMailLeavesNothingBehindForTheNextOne() throws Exception {
        assumeCorpus();
        byte[] good = MailParserTest.mail("encoded-utf-8.eml");
        ParsedMail before = PARSER.parse(good);

        corpusMails().forEach(mail -> {
            parseQuietly(mail.raw());
            parseQuietly(crlf(mail.raw()));
        });
        ParsedMail after = PARSER.parse(good);

        assertThat(after.subject()).isEqualTo("Où est mon colis ? 📦");
        assertThat(after.fromAddress()).isEqualTo("jerome.dupont@example.com");
        assertThat(after).isEqualTo(before);
    }

    private static void check(String name, byte[] raw, JsonNode reference) {
        ParsedMail mail = assertTimeoutPreemptively(PER_MAIL, () -> {
            try {
                return PARSER.parse(raw);
            } catch (UnreadableMailException e) {
                assertThat(e.getMessage()).as("reason for refusing %s", name).isNotBlank();
                UNREADABLE_REASONS.computeIfAbsent(e.getMessage(), reason -> new AtomicInteger()).incrementAndGet();
                return null;
            } catch (RuntimeException | Error e) {
                throw new AssertionError("the parser let " + e + " escape on " + name, e);
            }
        }, () -> name + " took longer than " + PER_MAIL);
        if (mail == null) {
            return;
        }
        READ.incrementAndGet();
        if (reference.isMissingNode() || KNOWN_DISAGREEMENTS.containsKey(name)) {
            return;
        }
        compareSender(name, mail, referenceHeader(reference, "from"));
        compareSubject(name, mail, referenceHeader(reference, "subject"));
    }

    private static void compareSender(String name, ParsedMail mail, JsonNode from) {
        if (from.isMissingNode()) {
            assertThat(mail.fromAddress()).as("sender of %s, where the reference found none", name).isNull();
            return;
        }
        JsonNode mailbox = firstMailbox(from);
        String address = mailbox == null ? null : text(mailbox.get("address"));
        String displayName = mailbox == null ? null : text(mailbox.get("name"));
        if (address != null) {
            assertThat(mail.fromAddress()).as("sender address of %s", name).isEqualToIgnoringCase(address);
        }
        if (displayName != null) {
            assertThat(mail.fromName()).as("sender name of %s", name).matches(loosely(displayName));
        }
    }

    private static void compareSubject(String name, ParsedMail mail, JsonNode subject) {
        String expected = text(subject.path("Text"));
        if (subject.isMissingNode() || (expected != null && expected.isBlank())) {
            assertThat(mail.subject()).as("subject of %s, where the reference found none", name).isNull();
        } else if (expected != null) {
            assertThat(mail.subject()).as("subject of %s", name).matches(loosely(expected));
        }
    }

    private static void parseQuietly(byte[] raw) {
        try {
            PARSER.parse(raw);
        } catch (UnreadableMailException expectedForSome) {
            // the point of the test is what comes after
        }
    }

    /** The first mailbox of a reference address header: from a plain list or the first member of a group. */
    private static JsonNode firstMailbox(JsonNode header) {
        JsonNode address = header.path("Address");
        JsonNode list = address.path("List");
        if (list.isArray() && !list.isEmpty()) {
            return list.get(0);
        }
        for (JsonNode group : address.path("Group")) {
            JsonNode members = group.path("addresses");
            if (members.isArray() && !members.isEmpty()) {
                return members.get(0);
            }
        }
        return null;
    }

    private static JsonNode referenceHeader(JsonNode reference, String name) {
        for (JsonNode header : reference.path("parts").path(0).path("headers")) {
            if (name.equals(header.path("name").asText())) {
                return header.path("value");
            }
        }
        return JSON.missingNode();
    }

    private static String text(JsonNode node) {
        return node == null || !node.isTextual() ? null : node.asText();
    }

    /**
     * Whitespace normalised on both sides. Where the reference wrote U+FFFD it could not decode the bytes (raw
     * 8-bit headers that are not UTF-8, e.g. legacy/010: "Fr\xF6sche"); we read those in a fallback charset
     * ("Frösche"), so there 1 to 4 non-ASCII characters match.
     */
    private static Pattern loosely(String expected) {
        String normalised = expected.strip().replaceAll("\\s+", " ");
        String regex = Stream.of(normalised.split("\uFFFD", -1)).map(Pattern::quote)
                .collect(Collectors.joining("[^\\x00-\\x7F]{1,4}"));
        return Pattern.compile("\\s*" + regex.replace(" ", "\\E\\s+\\Q") + "\\s*", Pattern.DOTALL);
    }

    private static byte[] crlf(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + raw.length / 20);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r')) {
                out.write('\r');
            }
            out.write(raw[i]);
        }
        return out.toByteArray();
    }

    private static void assumeCorpus() {
        assumeTrue(Files.isDirectory(CORPUS), () -> "mail corpus not found at " + CORPUS + ": corpus test skipped");
    }

    private static Stream<CorpusMail> corpusMails() {
        return FOLDERS.stream()
                .map(CORPUS::resolve)
                .filter(Files::isDirectory)
                .flatMap(MailParserCorpusTest::emlFiles)
                .map(CorpusMail::load);
    }

    private static Stream<Path> emlFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".eml")).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record CorpusMail(String name, byte[] raw, JsonNode reference, JsonNode crlfReference) {

        static CorpusMail load(Path eml) {
            String file = eml.getFileName().toString();
            String base = file.substring(0, file.length() - ".eml".length());
            try {
                return new CorpusMail(eml.getParent().getFileName() + "/" + file, Files.readAllBytes(eml),
                        readJson(eml.resolveSibling(base + ".json")), readJson(eml.resolveSibling(base + ".crlf.json")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static JsonNode readJson(Path path) throws IOException {
            return Files.exists(path) ? JSON.readTree(path.toFile()) : JSON.missingNode();
        }
    }
}
