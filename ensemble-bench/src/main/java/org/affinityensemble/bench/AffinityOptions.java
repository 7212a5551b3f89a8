package org.affinityensemble.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.affinityensemble.bench.gradients.BenchOptionsParser;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * Options of {@link AffinityBenchmark}. Every setting of the gradients, the estimator and the grouping is the
 * accuracy benchmark's ({@link AccuracyOptions}, whose defaults are the services'); the options named here choose
 * the datasets and the regimes, any other {@code --name=value} goes to {@link AccuracyOptions#parse}.
 *
 * @param twinTasks    tasks each split into two disjoint halves with the same labels ({@code <task>_a},
 *                     {@code <task>_b}), streamed as separate datasets
 * @param familyTasks  the real tasks of the family check (the ten by default)
 * @param regimes      where the affinity gradients are taken: {@link #THETA0} (the default: the LoRA
 *                     initialisation, the ridge, the services' affinity since ADR 0122) and/or {@link #THETA_STAR}
 *                     (θ* trained on every dataset of the set, B's gradients, the trajectory: the services' default
 *                     before ADR 0122)
 * @param anchors      twin tasks whose first half is fine-tuned for real with its twin, its family partner, the
 *                     unrelated task and alone (the ground truth); empty: none
 * @param unrelated    the unrelated partner of the ground truth (a twin task outside every anchor's family)
 * @param repeats      how many times each anchor is fine-tuned alone, each with another shuffling seed (at least 2):
 *                     the spread of those runs is the resolution of the ground truth
 * @param trainPerTask training examples per twin dataset (a half has this many; its task 2×), as the demo's
 * @param validationPerTask validation examples per twin dataset
 * @param familyTrainPerTask training examples per task of the family check (700: at the twins' 240 a family
 *                     partner's effect is below what the surrogate and real fine-tuning resolve, docs/affinity.md)
 * @param familyValidationPerTask validation examples per task of the family check
 * @param cache        empty, or a directory where θ* and the gradient tables are kept between runs
 * @param rest         the options passed to {@link AccuracyOptions#parse}
 */
public record AffinityOptions(List<String> twinTasks, List<String> familyTasks, List<String> regimes,
        List<String> anchors, String unrelated, int repeats, int trainPerTask, int validationPerTask,
        int familyTrainPerTask, int familyValidationPerTask, String cache, List<String> rest) {

    public static final String THETA_STAR = "theta-star";
    public static final String THETA0 = "theta0";

    /** The family pairs of the benchmark tasks (DATASETS.md), each way round. */
    public static final Map<String, String> FAMILIES = Map.of("sent_amazon", "sent_imdb", "sent_imdb",
            "sent_amazon", "wordnet_noun", "wordnet_verb", "wordnet_verb", "wordnet_noun", "fortune_category",
            "fortune_language", "fortune_language", "fortune_category");

    public AffinityOptions {
        twinTasks = nonBlank(twinTasks);
        familyTasks = nonBlank(familyTasks);
        regimes = nonBlank(regimes);
        anchors = nonBlank(anchors);
        rest = List.copyOf(rest);
        if (twinTasks.size() == 1 || new HashSet<>(twinTasks).size() != twinTasks.size()) {
            throw new IllegalArgumentException("--twin-tasks needs none or at least two distinct tasks");
        }
        if (familyTasks.size() == 1 || new HashSet<>(familyTasks).size() != familyTasks.size()) {
            throw new IllegalArgumentException("--family-tasks needs none or at least two distinct tasks");
        }
        if (regimes.isEmpty() || !List.of(THETA_STAR, THETA0).containsAll(regimes)) {
            throw new IllegalArgumentException("--regimes must be " + THETA_STAR + " and/or " + THETA0);
        }
        for (String anchor : anchors) {
            String partner = FAMILIES.get(anchor);
            if (!twinTasks.contains(anchor) || partner == null || !twinTasks.contains(partner)
                    || anchor.equals(unrelated) || partner.equals(unrelated)) {
                throw new IllegalArgumentException("--anchors: " + anchor + " needs itself and its family partner "
                        + "among --twin-tasks, and a different --unrelated");
            }
        }
        if (!anchors.isEmpty() && !twinTasks.contains(unrelated)) {
            throw new IllegalArgumentException("--unrelated must be one of --twin-tasks");
        }
        if (repeats < 2) {
            throw new IllegalArgumentException("--ground-truth-repeats must be at least 2: one run says nothing of"
                    + " the runs' spread");
        }
        if (trainPerTask < 2 || validationPerTask < 2 || familyTrainPerTask < 2 || familyValidationPerTask < 2) {
            throw new IllegalArgumentException("--train, --validation, --family-train and --family-validation must be"
                    + " at least 2");
        }
    }

    /**
     * Parses {@code --twin-tasks=sent_amazon,sent_imdb,wordnet_noun,wordnet_verb,spam_email,fortune_language
     * --family-tasks=<all ten> --regimes=theta0 --anchors=sent_amazon,wordnet_noun
     * --unrelated=spam_email --ground-truth-repeats=2 --train=240 --validation=60 --family-train=700
     * --family-validation=250 --cache=} and anything else for the accuracy options.
     */
    public static AffinityOptions parse(String[] args) {
        Spec spec = BenchOptionsParser.populate(new Spec(), args);
        AffinityOptions options = new AffinityOptions(spec.twinTasks, spec.familyTasks, spec.regimes, spec.anchors,
                spec.unrelated, spec.repeats, spec.train, spec.validation, spec.familyTrain, spec.familyValidation,
                spec.cache, spec.rest);
        options.accuracy(THETA_STAR, List.of("a", "b"));
        return options;
    }

    /**
     * The settings of a regime over the twin {@code datasets}: the accuracy options with the twins' sizes, the
     * planner's own group count (as the cluster service) and, at θ0, no meta-initialisation.
     */
    public AccuracyOptions accuracy(String regime, List<String> datasets) {
        return accuracy(regime, datasets, trainPerTask, validationPerTask);
    }

    /** The same over the family check's tasks, with its sizes. */
    public AccuracyOptions familyAccuracy(String regime, List<String> tasks) {
        return accuracy(regime, tasks, familyTrainPerTask, familyValidationPerTask);
    }

    private AccuracyOptions accuracy(String regime, List<String> datasets, int train, int validation) {
        List<String> args = new ArrayList<>(List.of("--train=" + train, "--validation=" + validation,
                "--test=1", "--groups=auto", "--meta-init-cache=" + cache));
        args.addAll(rest);
        args.add("--tasks=" + String.join(",", datasets.size() >= 2 ? datasets : List.of("a", "b")));
        if (regime.equals(THETA0)) {
            args.add("--meta-init-epochs=0");
            args.add("--freeze-a=false");
        } else {
            args.add("--affinity-start=meta");
        }
        return AccuracyOptions.parse(args.toArray(String[]::new));
    }

    /** The values without blanks: {@code --anchors=} gives one empty value and means none. */
    private static List<String> nonBlank(List<String> values) {
        return values.stream().filter(value -> !value.isBlank()).toList();
    }

    /** The command line: an option per setting, each field initialised to its default. */
    private static final class Spec {

        @Option(names = "--twin-tasks", split = ",", paramLabel = "TASK")
        List<String> twinTasks = new ArrayList<>(List.of("sent_amazon", "sent_imdb", "wordnet_noun", "wordnet_verb",
                "spam_email", "fortune_language"));
        @Option(names = "--family-tasks", split = ",", paramLabel = "TASK")
        List<String> familyTasks = new ArrayList<>(AccuracyOptions.allTasks());
        @Option(names = "--regimes", split = ",", paramLabel = THETA_STAR + "|" + THETA0)
        List<String> regimes = new ArrayList<>(List.of(THETA0));
        @Option(names = "--anchors", split = ",", paramLabel = "TASK")
        List<String> anchors = new ArrayList<>(List.of("sent_amazon", "wordnet_noun"));
        @Option(names = "--unrelated", paramLabel = "TASK")
        String unrelated = "spam_email";
        @Option(names = "--ground-truth-repeats", paramLabel = "N")
        int repeats = 2;
        @Option(names = "--train", paramLabel = "N")
        int train = 240;
        @Option(names = "--validation", paramLabel = "N")
        int validation = 60;
        @Option(names = "--family-train", paramLabel = "N")
        int familyTrain = 700;
        @Option(names = "--family-validation", paramLabel = "N")
        int familyValidation = 250;
        @Option(names = "--cache", paramLabel = "DIR")
        String cache = "";
        @Unmatched
        List<String> rest = new ArrayList<>();
    }
}
