package org.affinityensemble.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile as its instructions: continuation lines joined, comments dropped. Enough structure to check what
 * an image is built from, what it copies, its environment, user and ports, without a Docker daemon.
 */
final class Dockerfile {

    /** One instruction: its keyword in upper case and the rest of the line. */
    record Instruction(String keyword, String arguments) {
    }

    private static final Pattern ARG_REFERENCE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");

    private final Path file;
    private final List<Instruction> instructions;

    private Dockerfile(Path file, List<Instruction> instructions) {
        this.file = file;
        this.instructions = instructions;
    }

    static Dockerfile read(Path file) {
        try {
            List<Instruction> instructions = new ArrayList<>();
            StringBuilder pending = new StringBuilder();
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.isEmpty())) {
                    continue;
                }
                if (trimmed.endsWith("\\")) {
                    pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                    continue;
                }
                pending.append(trimmed);
                String[] parts = pending.toString().strip().split("\\s+", 2);
                instructions.add(new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1] : ""));
                pending.setLength(0);
            }
            return new Dockerfile(file, List.copyOf(instructions));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    Path file() {
        return file;
    }

    List<Instruction> instructions() {
        return instructions;
    }

    /** Every FROM's image (without {@code AS name}), with ARG defaults declared before it substituted. */
    List<String> baseImages() {
        Map<String, String> args = new LinkedHashMap<>();
        List<String> bases = new ArrayList<>();
        for (Instruction instruction : instructions) {
            if (instruction.keyword().equals("ARG")) {
                String[] parts = instruction.arguments().split("=", 2);
                args.put(parts[0].strip(), parts.length > 1 ? parts[1].strip() : "");
            } else if (instruction.keyword().equals("FROM")) {
                String image = instruction.arguments().split("\\s+")[0];
                bases.add(substitute(image, args));
            }
        }
        return bases;
    }

    /** The instructions of the last stage: what the image that runs is made of. */
    List<Instruction> finalStage() {
        int lastFrom = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).keyword().equals("FROM")) {
                lastFrom = i;
            }
        }
        return instructions.subList(lastFrom, instructions.size());
    }

    /** ENV values of the final stage (later ones win). */
    Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        for (Instruction instruction : finalStage()) {
            if (instruction.keyword().equals("ENV")) {
                for (String word : words(instruction.arguments())) {
                    String[] parts = word.split("=", 2);
                    environment.put(parts[0], parts.length > 1 ? parts[1] : "");
                }
            }
        }
        return environment;
    }

    Optional<String> user() {
        return last("USER");
    }

    Optional<String> entrypoint() {
        return last("ENTRYPOINT");
    }

    List<Integer> exposedPorts() {
        return finalStage().stream().filter(instruction -> instruction.keyword().equals("EXPOSE"))
                .flatMap(instruction -> words(instruction.arguments()).stream())
                .map(port -> Integer.parseInt(port.replace("/tcp", ""))).toList();
    }

    /** COPY instructions of the final stage; those with {@code --from} copy from another stage or image. */
    List<Instruction> copies() {
        return finalStage().stream().filter(instruction -> instruction.keyword().equals("COPY")).toList();
    }

    private Optional<String> last(String keyword) {
        return finalStage().stream().filter(instruction -> instruction.keyword().equals(keyword))
                .reduce((first, second) -> second).map(Instruction::arguments);
    }

    private static String substitute(String value, Map<String, String> args) {
        Matcher matcher = ARG_REFERENCE.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(result, Matcher.quoteReplacement(args.getOrDefault(matcher.group(1), "")));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    /** Splits on blanks outside double quotes and drops the quotes, as Docker reads {@code ENV a=1 b="x y"}. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean started = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                started = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (started) {
                    words.add(word.toString());
                    word.setLength(0);
                    started = false;
                }
            } else {
                word.append(c);
                started = true;
            }
        }
        if (started) {
            words.add(word.toString());
        }
        return words;
    }
}
