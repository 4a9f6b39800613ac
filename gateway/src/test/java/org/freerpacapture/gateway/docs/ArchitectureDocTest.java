package org.freerpacapture.gateway.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/architecture.md names only classes that exist, so a newcomer who follows it finds each one. */
class ArchitectureDocTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("..").normalize();
    /** A class name in inline code, perhaps followed by a member: {@code InferencePool.lend}. */
    private static final Pattern CLASS = Pattern.compile("^([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)(\\.[A-Za-z_]\\w*)?$");

    @Test
    void every_class_the_architecture_page_names_exists() throws IOException {
        String page = Files.readString(ROOT.resolve("docs/architecture.md"))
                .replaceAll("(?s)```.*?```", ""); // fenced blocks are diagrams, read as prose
        Set<String> named = new TreeSet<>();
        Matcher code = Pattern.compile("`([^`\\n]+)`").matcher(page);
        while (code.find()) {
            for (String token : code.group(1).split("[\\s,→()]+")) {
                Matcher m = CLASS.matcher(token);
                if (m.matches()) {
                    named.add(m.group(1));
                }
            }
        }
        Set<String> classes = javaClasses();
        assertTrue(named.size() > 80, "the page names the classes of the request path: " + named);
        assertEquals(Set.of(), named.stream().filter(n -> !classes.contains(n)).collect(Collectors.toSet()),
                "named in docs/architecture.md but not in the code");
    }

    private static Set<String> javaClasses() throws IOException {
        Set<String> classes = new TreeSet<>();
        for (String module : MODULES) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src"))) {
                files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".java"))
                        .forEach(f -> classes.add(f.substring(0, f.length() - ".java".length())));
            }
        }
        return classes;
    }

    private static final String[] MODULES = {"models", "ocr-api", "inference", "adapters", "gateway", "test-support"};
}
