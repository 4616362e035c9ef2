package io.omniqueue.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each table has one owner, the feature whose store writes it; others ask that feature. Reads
 * across features are allowed only where listed: the reports, the gauges and the alert watch read
 * the conversation tables they measure. Read from the SQL in the main sources.
 */
class TableOwnershipTest {

    /** table → the package that owns it. */
    static final Map<String, String> OWNERS = Map.ofEntries(
            Map.entry("conversation", "conversation"), Map.entry("message", "conversation"),
            Map.entry("attachment", "conversation"), Map.entry("conversation_event", "conversation"),
            Map.entry("conversation_presence", "conversation"), Map.entry("topic_correction", "conversation"),
            Map.entry("reply", "reply"), Map.entry("reply_attachment", "reply"),
            Map.entry("quarantine", "quarantine"), Map.entry("quarantine_retry", "quarantine"),
            Map.entry("channel_cursor", "channel"), Map.entry("ebay_call_budget", "channel/ebay"),
            Map.entry("sla_alert", "sla/watch"), Map.entry("ops_alert", "sla/watch"),
            Map.entry("customer", "customer"), Map.entry("customer_identity", "customer"),
            Map.entry("customer_conversation", "customer"), Map.entry("customer_merge", "customer"),
            Map.entry("customer_merge_item", "customer"), Map.entry("customer_suggestion", "customer"),
            Map.entry("customer_erasure", "customer"),
            Map.entry("report_calendar_due", "report"), Map.entry("report_customer_message", "report"));

    /** Packages that may read (never write) another feature's table: read models over the queue. */
    static final Map<String, Set<String>> READERS = Map.of(
            "conversation", Set.of("report", "metrics", "sla/watch", "reply"),
            "message", Set.of("report"),
            "reply", Set.of("report"),
            // The queue's ?customer= filter and each conversation's customerId read the link the customer feature keeps.
            "customer_conversation", Set.of("conversation"));

    static final Pattern WRITE = Pattern.compile("(?i)\\b(insert\\s+into|update|delete\\s+from)\\s+([a-z_]+)\\b");
    static final Pattern READ = Pattern.compile("(?i)\\b(from|join)\\s+([a-z_]+)\\b");
    static final Path MAIN = Path.of("src/main/java/io/omniqueue");

    @Test
    void everyTableIsWrittenOnlyByItsOwner() throws IOException {
        assertThat(violations(WRITE, false)).isEmpty();
    }

    @Test
    void anotherFeaturesTableIsReadOnlyByTheListedReadModels() throws IOException {
        assertThat(violations(READ, true)).isEmpty();
    }

    @Test
    void theScanSeesTheStores() throws IOException {
        // A guard against a scan that finds nothing and so can never fail.
        assertThat(statements(WRITE)).anySatisfy(s -> assertThat(s).contains("conversation/ConversationStore.java"))
                .anySatisfy(s -> assertThat(s).contains("reply/ReplyStore.java"))
                .anySatisfy(s -> assertThat(s).contains("channel/ChannelCursorStore.java"));
    }

    private List<String> violations(Pattern pattern, boolean reads) throws IOException {
        List<String> violations = new ArrayList<>();
        for (String statement : statements(pattern)) {
            String[] parts = statement.split(" ", 2);
            String table = parts[0];
            String file = parts[1];
            String owner = OWNERS.get(table);
            if (owner == null || file.startsWith(owner + "/")) {
                continue;
            }
            boolean allowedReader = reads && READERS.getOrDefault(table, Set.of()).stream().anyMatch(r -> file.startsWith(r + "/"));
            if (!allowedReader) {
                violations.add(file + " " + (reads ? "reads" : "writes") + " " + table + ", owned by " + owner);
            }
        }
        return violations;
    }

    /** "table file" for every statement the pattern finds in the main sources' SQL text blocks and strings. */
    private static List<String> statements(Pattern pattern) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String relative = MAIN.relativize(file).toString().replace('\\', '/');
                for (String sql : sqlOf(Files.readString(file))) {
                    Matcher m = pattern.matcher(sql);
                    while (m.find()) {
                        found.add(m.group(2).toLowerCase() + " " + relative);
                    }
                }
            }
        }
        return found;
    }

    /** The string literals and text blocks of a source file: where its SQL is. */
    private static List<String> sqlOf(String source) {
        List<String> literals = new ArrayList<>();
        Matcher blocks = Pattern.compile("\"\"\"(.*?)\"\"\"", Pattern.DOTALL).matcher(source);
        while (blocks.find()) {
            literals.add(blocks.group(1));
        }
        Matcher strings = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"").matcher(blocks.replaceAll(""));
        while (strings.find()) {
            literals.add(strings.group(1));
        }
        return literals;
    }
}
