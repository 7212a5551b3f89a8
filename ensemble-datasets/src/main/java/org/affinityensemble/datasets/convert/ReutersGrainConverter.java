package org.affinityensemble.datasets.convert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.affinityensemble.datasets.LabelledExample;
import org.affinityensemble.datasets.SplitFractions;
import org.affinityensemble.datasets.StratifiedSplit;
import org.affinityensemble.datasets.source.DebianPackage;
import org.affinityensemble.datasets.source.PackageSource;
import org.affinityensemble.events.Split;
import org.jsoup.parser.Parser;

/**
 * Reuters-21578 "grain" (ModApte split) from Weka's example files in the Debian package {@code weka}:
 * {@code ReutersGrain-train.arff} and {@code ReutersGrain-test.arff}, rows {@code 'escaped text',0|1}
 * ({@link ArffStringRows}). Class 1 is "grain", 0 "other business news". HTML entities left in the text
 * ({@code &lt;}, the end-of-text mark {@code &#3;}) are decoded; control characters go in cleaning.
 *
 * <p>Split: ModApte test stays test; ModApte train is split into train and validation (7:1, stratified,
 * seed {@link #SPLIT_SEED}) because the method needs validation data. Ids are {@code train-N} /
 * {@code test-N}, N the row number in its file from 1.
 */
public final class ReutersGrainConverter implements TaskConverter {

    public static final DebianPackage WEKA = new DebianPackage("weka", "3.6.14-3");
    public static final long SPLIT_SEED = 21578;
    private static final String EXAMPLES = "usr/share/doc/weka/examples/";
    private static final List<String> LABELS = List.of("other business news", "grain");
    private static final SplitFractions TRAIN_VALIDATION = new SplitFractions(0.875, 0.125, 0);

    @Override
    public List<PackageSource> sources() {
        return List.of(WEKA);
    }

    @Override
    public List<String> labels() {
        return LABELS;
    }

    @Override
    public List<LabelledExample> convert(SourceRoots roots) throws IOException {
        Path examples = roots.root(WEKA).resolve(EXAMPLES);
        List<LabelledExample> train = read(examples.resolve("ReutersGrain-train.arff"), "train", Split.TRAIN);
        Map<String, String> trainLabels = new LinkedHashMap<>();
        train.forEach(e -> trainLabels.put(e.id(), e.label()));
        Map<String, Split> trainSplits = new StratifiedSplit(SPLIT_SEED, TRAIN_VALIDATION).assign(trainLabels);
        List<LabelledExample> all = new ArrayList<>();
        train.forEach(e -> all.add(e.withSplit(trainSplits.get(e.id()))));
        all.addAll(read(examples.resolve("ReutersGrain-test.arff"), "test", Split.TEST));
        return all;
    }

    private static List<LabelledExample> read(Path arff, String prefix, Split split) throws IOException {
        List<ArffStringRows.Row> rows = ArffStringRows.read(
                TextDecoding.utf8OrLatin1(Files.readAllBytes(arff)).lines().toList());
        List<LabelledExample> examples = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            ArffStringRows.Row row = rows.get(i);
            String label = switch (row.classValue()) {
                case "0" -> LABELS.get(0);
                case "1" -> LABELS.get(1);
                default -> throw new IOException(arff + ": unknown class '" + row.classValue() + "'");
            };
            examples.add(new LabelledExample(prefix + "-" + (i + 1), Parser.unescapeEntities(row.text(), false),
                    label, split));
        }
        return examples;
    }
}
