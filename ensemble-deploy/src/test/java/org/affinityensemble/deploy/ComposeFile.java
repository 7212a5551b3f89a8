package org.affinityensemble.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A docker-compose file read with SnakeYAML (anchors and merge keys resolved), with Compose's variable
 * interpolation applied to the values the tests read: {@code ${VAR:-default}} and {@code ${VAR-default}} give
 * their default (the tests check the file's defaults, not this machine's environment), {@code $$} gives
 * {@code $}. A variable without a default is an error: the file must run without an .env file.
 */
final class ComposeFile {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?])?([^}]*)}");

    private final Map<String, Object> document;

    private ComposeFile(Map<String, Object> document) {
        this.document = document;
    }

    static ComposeFile read(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            Map<String, Object> document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            return new ComposeFile(document);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    Set<String> serviceNames() {
        return services().keySet();
    }

    Service service(String name) {
        Object definition = services().get(name);
        if (definition == null) {
            throw new NoSuchElementException("docker-compose.yml has no service " + name);
        }
        return new Service(name, asMap(definition));
    }

    Set<String> volumeNames() {
        Object volumes = document.get("volumes");
        return volumes == null ? Set.of() : asMap(volumes).keySet();
    }

    private Map<String, Object> services() {
        return asMap(document.get("services"));
    }

    /** What {@link #interpolate} makes of a variable Compose requires ({@code ${NAME:?message}}): no default. */
    static String required(String name) {
        return "<required " + name + ">";
    }

    static String interpolate(String value) {
        Matcher matcher = VARIABLE.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group(1) == null) {
                replacement = "$";
            } else if (matcher.group(2) != null && matcher.group(2).endsWith("?")) {
                replacement = required(matcher.group(1));
            } else if (matcher.group(2) != null) {
                replacement = matcher.group(3);
            } else {
                throw new IllegalStateException("variable without a default in docker-compose.yml: " + matcher.group());
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }

    /** One service of the file. */
    record Service(String name, Map<String, Object> definition) {

        Optional<String> image() {
            return Optional.ofNullable((String) definition.get("image")).map(ComposeFile::interpolate);
        }

        /** Environment after interpolation; Compose's map and list forms both read as a map. */
        Map<String, String> environment() {
            Object environment = definition.get("environment");
            Map<String, String> result = new LinkedHashMap<>();
            if (environment instanceof Map<?, ?> map) {
                map.forEach((key, value) -> result.put(String.valueOf(key), interpolate(String.valueOf(value))));
            } else if (environment instanceof List<?> list) {
                for (Object entry : list) {
                    String[] parts = String.valueOf(entry).split("=", 2);
                    result.put(parts[0], parts.length > 1 ? interpolate(parts[1]) : "");
                }
            }
            return result;
        }

        /** Service name to the condition it waits for ({@code service_started} for the short list form). */
        Map<String, String> dependsOn() {
            Object dependsOn = definition.get("depends_on");
            Map<String, String> result = new LinkedHashMap<>();
            if (dependsOn instanceof Map<?, ?> map) {
                map.forEach((service, settings) -> result.put(String.valueOf(service),
                        String.valueOf(asMap(settings).getOrDefault("condition", "service_started"))));
            } else if (dependsOn instanceof List<?> list) {
                list.forEach(service -> result.put(String.valueOf(service), "service_started"));
            }
            return result;
        }

        /** The health check's test command after interpolation, if the service has one. */
        Optional<List<String>> healthcheck() {
            Object healthcheck = definition.get("healthcheck");
            if (healthcheck == null || Boolean.TRUE.equals(asMap(healthcheck).get("disable"))) {
                return Optional.empty();
            }
            Object test = asMap(healthcheck).get("test");
            List<String> command = test instanceof List<?> list
                    ? list.stream().map(String::valueOf).map(ComposeFile::interpolate).toList()
                    : List.of("CMD-SHELL", interpolate(String.valueOf(test)));
            return Optional.of(command);
        }

        Optional<Map<String, Object>> build() {
            return Optional.ofNullable(definition.get("build")).map(ComposeFile::asMap);
        }

        List<String> ports() {
            return strings("ports");
        }

        List<String> volumes() {
            return strings("volumes");
        }

        List<String> command() {
            Object command = definition.get("command");
            return command instanceof List<?> list ? list.stream().map(String::valueOf).toList()
                    : command == null ? List.of() : List.of(String.valueOf(command));
        }

        Optional<String> restart() {
            return Optional.ofNullable(definition.get("restart")).map(String::valueOf);
        }

        private List<String> strings(String key) {
            Object value = definition.get(key);
            return value == null ? List.of() : ((List<?>) value).stream().map(String::valueOf)
                    .map(ComposeFile::interpolate).toList();
        }
    }
}
