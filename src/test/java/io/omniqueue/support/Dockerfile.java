package io.omniqueue.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The project's Dockerfile read as Docker's builder reads it: comments dropped, continued lines
 * joined, instructions grouped by build stage. Enough to check it and to run its ENTRYPOINT line
 * without a Docker engine.
 */
public record Dockerfile(List<Stage> stages) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One instruction: its keyword (upper case), its flags ({@code --from=build}) and the rest. */
    public record Instruction(int line, String keyword, List<String> flags, String arguments) {

        /** The exec form's array ({@code ["java", "-jar", "app.jar"]}), or empty for the shell form. */
        public Optional<List<String>> execForm() {
            if (!arguments.startsWith("[")) {
                return Optional.empty();
            }
            try {
                return Optional.of(JSON.readValue(arguments, new TypeReference<List<String>>() { }));
            } catch (JsonProcessingException e) {
                return Optional.empty();
            }
        }

        public Optional<String> flag(String name) {
            return flags.stream().filter(f -> f.startsWith("--" + name + "=")).map(f -> f.substring(name.length() + 3)).findFirst();
        }
    }

    /** A build stage: from its FROM to the next. */
    public record Stage(Instruction from, List<Instruction> instructions) {

        public String image() {
            return from.arguments().split("\\s+")[0];
        }

        public List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        public Optional<Instruction> last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
        }
    }

    public static Dockerfile of(Path file) {
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Dockerfile parse(List<String> lines) {
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        Instruction from = null;
        StringBuilder pending = new StringBuilder();
        int startLine = 0;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            String trimmed = line.strip();
            // Comments (and parser directives) are whole lines starting with #, even inside a continuation.
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.isEmpty())) {
                continue;
            }
            if (pending.isEmpty()) {
                startLine = n + 1;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            Instruction instruction = instruction(startLine, pending.toString().strip());
            pending.setLength(0);
            if (instruction.keyword().equals("FROM")) {
                if (from != null) {
                    stages.add(new Stage(from, List.copyOf(current)));
                }
                from = instruction;
                current = new ArrayList<>();
            } else if (current != null) {
                current.add(instruction);
            }
        }
        if (from != null) {
            stages.add(new Stage(from, List.copyOf(current)));
        }
        return new Dockerfile(List.copyOf(stages));
    }

    /** The stage the image is made of: the last one. */
    public Stage finalStage() {
        return stages.get(stages.size() - 1);
    }

    private static Instruction instruction(int line, String text) {
        String[] words = text.split("\\s+", 2);
        String keyword = words[0].toUpperCase(Locale.ROOT);
        String rest = words.length > 1 ? words[1].strip() : "";
        List<String> flags = new ArrayList<>();
        while (rest.startsWith("--")) {
            String[] split = rest.split("\\s+", 2);
            flags.add(split[0]);
            rest = split.length > 1 ? split[1].strip() : "";
        }
        return new Instruction(line, keyword, List.copyOf(flags), rest);
    }
}
