package org.affinityensemble.datasets.convert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.affinityensemble.datasets.LabelledExample;
import org.affinityensemble.datasets.source.DebianPackage;
import org.affinityensemble.datasets.source.PackageSource;

/**
 * English fortunes (Debian package {@code fortunes}) labelled with the file they come from, which is their
 * category. Ten categories are kept: the ten largest files that name a topic. The larger grab-bag files
 * {@code cookie}, {@code miscellaneous}, {@code zippy} (Zippy the Pinhead) and {@code knghtbrd} (one
 * collector's quotes) are left out because no label name could describe them. File names become words
 * ({@code songs-poems} is "songs and poems"). Entries are read by {@link FortuneFiles}; ids are
 * {@code <file>#<entry number from 1>}.
 */
public final class FortuneCategoryConverter implements TaskConverter {

    public static final DebianPackage FORTUNES = new DebianPackage("fortunes", "1:1.99.1-7.3");

    private static final Map<String, String> LABEL_BY_FILE = fileLabels();

    private static Map<String, String> fileLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("people", "people");
        labels.put("definitions", "definitions");
        labels.put("computers", "computers");
        labels.put("songs-poems", "songs and poems");
        labels.put("politics", "politics");
        labels.put("work", "work");
        labels.put("science", "science");
        labels.put("men-women", "men and women");
        labels.put("platitudes", "platitudes");
        labels.put("art", "art");
        return labels;
    }

    @Override
    public List<PackageSource> sources() {
        return List.of(FORTUNES);
    }

    @Override
    public List<String> labels() {
        return List.copyOf(LABEL_BY_FILE.values());
    }

    @Override
    public List<LabelledExample> convert(SourceRoots roots) throws IOException {
        Path directory = roots.root(FORTUNES).resolve(FortuneFiles.FORTUNE_DIRECTORY);
        List<LabelledExample> examples = new ArrayList<>();
        for (Map.Entry<String, String> category : LABEL_BY_FILE.entrySet()) {
            Path file = directory.resolve(category.getKey());
            if (!Files.exists(file)) {
                throw new IOException("the fortunes package has no file '" + category.getKey() + "'");
            }
            List<String> entries = FortuneFiles.entries(file);
            for (int i = 0; i < entries.size(); i++) {
                examples.add(new LabelledExample(category.getKey() + "#" + (i + 1), entries.get(i),
                        category.getValue(), null));
            }
        }
        return examples;
    }
}
