package org.freerpacapture.gateway.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The repository's {@code Dockerfile}, read as the builder reads it: comments dropped, continued lines joined, each
 * instruction tagged with its stage. Only what the tests check is interpreted.
 *
 * @param instructions in file order
 */
record Dockerfile(List<Instruction> instructions) {

    static final Path FILE = Repo.ROOT.resolve("Dockerfile");

    /** One instruction: its keyword in capitals, its arguments, and the index of its stage (0 = the first FROM). */
    record Instruction(String keyword, String arguments, int stage) {
    }

    /**
     * One COPY.
     *
     * @param fromStage the stage named by {@code --from}, or empty for the build context
     * @param sources   the paths copied, as written
     * @param target    where they go
     */
    record Copy(Optional<String> fromStage, List<String> sources, String target) {
    }

    static Dockerfile read() throws IOException {
        List<Instruction> out = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        int stage = -1;
        for (String line : Files.readAllLines(FILE)) {
            String trimmed = line.strip();
            if (pending.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            String[] parts = pending.toString().split("\\s+", 2);
            pending.setLength(0);
            String keyword = parts[0].toUpperCase(Locale.ROOT);
            if (keyword.equals("FROM")) {
                stage++;
            }
            out.add(new Instruction(keyword, parts.length > 1 ? parts[1] : "", stage));
        }
        return new Dockerfile(List.copyOf(out));
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** The stage names of {@code FROM image AS name}, by index. */
    List<String> stageNames() {
        return all("FROM").stream().map(i -> {
            String[] words = i.arguments().split("\\s+");
            return words.length == 3 && words[1].equalsIgnoreCase("AS") ? words[2] : "";
        }).toList();
    }

    int finalStage() {
        return all("FROM").size() - 1;
    }

    /** The working directory a stage ends with (the last WORKDIR in it). */
    String workdir(int stage) {
        return all("WORKDIR").stream().filter(i -> i.stage() == stage).reduce((a, b) -> b)
                .map(Instruction::arguments).orElse("/");
    }

    List<Copy> copies() {
        List<Copy> out = new ArrayList<>();
        for (Instruction i : all("COPY")) {
            List<String> words = new ArrayList<>(Arrays.asList(i.arguments().split("\\s+")));
            Optional<String> from = Optional.empty();
            while (words.get(0).startsWith("--")) {
                String flag = words.remove(0);
                if (flag.startsWith("--from=")) {
                    from = Optional.of(flag.substring("--from=".length()));
                }
            }
            String target = words.remove(words.size() - 1);
            out.add(new Copy(from, List.copyOf(words), target));
        }
        return out;
    }

    /** The final image's exposed ports. */
    Set<Integer> exposedPorts() {
        return all("EXPOSE").stream().filter(i -> i.stage() == finalStage())
                .flatMap(i -> Arrays.stream(i.arguments().split("\\s+")))
                .map(p -> Integer.parseInt(p.replace("/tcp", ""))).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The final image's USER, as written. */
    String user() {
        return all("USER").stream().filter(i -> i.stage() == finalStage()).reduce((a, b) -> b)
                .map(Instruction::arguments).orElse("root");
    }

    /** The final image's ENTRYPOINT, which must be in exec form (a JSON array). */
    List<String> entrypoint() throws IOException {
        return jsonArray(last("ENTRYPOINT").arguments());
    }

    /** The options of HEALTHCHECK (before CMD) and its command, in exec form. */
    Instruction healthcheck() {
        return last("HEALTHCHECK");
    }

    List<String> healthcheckCommand() throws IOException {
        String args = healthcheck().arguments();
        int cmd = args.indexOf("CMD ");
        if (cmd < 0) {
            throw new AssertionError("HEALTHCHECK without CMD: " + args);
        }
        return jsonArray(args.substring(cmd + 4).strip());
    }

    private Instruction last(String keyword) {
        return all(keyword).stream().filter(i -> i.stage() == finalStage()).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("the final stage of " + FILE + " has no " + keyword));
    }

    private static List<String> jsonArray(String text) throws IOException {
        return new ObjectMapper().readValue(text, new TypeReference<List<String>>() { });
    }
}
