package org.affinityensemble.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.classify.ClassifierSettings;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.encoder.MiniLmJar;
import org.affinityensemble.model.infer.Softmax;
import org.affinityensemble.model.probe.LinearProbe;
import org.affinityensemble.storage.EnsembleManifest.AdapterEntry.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #19, ADR 0124: the linear probe joins a task's prediction last, with the α its validation loss chooses. On
 * the real MiniLM encoder, with an adapter at the LoRA initialisation (the zero-shot model) as the only member: a
 * task whose label names say nothing ("x", "y") gets its probe as a member, and what the outcome reports as
 * served is exactly the mixture at that α.
 */
class EnsembleProcedureProbeMemberTest {

    private static final String[] SPORT = {"the striker scored twice", "a tennis final in five sets",
        "the team won the league", "a marathon in record time", "the goalkeeper saved a penalty",
        "the runner broke the record", "a basketball game in overtime", "the cyclist won the stage",
        "the boxer won on points", "a late goal decided the derby"};
    private static final String[] FOOD = {"bake the bread for an hour", "a soup of lentils and onions",
        "grill the fish with lemon", "a cake with dark chocolate", "simmer the sauce slowly",
        "fresh pasta with basil", "roast the vegetables in oil", "a salad of tomatoes and feta",
        "whisk the eggs with sugar", "season the stew with thyme"};

    private static BaseModel model;
    private static TaskClassifiers classifiers;

    @BeforeAll
    static void load() throws Exception {
        model = MiniLmJar.load();
        classifiers = new TaskClassifiers(model, new ClassifierSettings(20, 32));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** Sport (label 0) against cooking (label 1): 6 + 6 training, 2 + 2 validation, 2 + 2 test examples. */
    private static TaskData task(String id, List<String> labels) {
        List<LabelledText> train = new ArrayList<>();
        List<LabelledText> validation = new ArrayList<>();
        List<LabelledText> test = new ArrayList<>();
        for (int i = 0; i < SPORT.length; i++) {
            List<LabelledText> split = i < 6 ? train : i < 8 ? validation : test;
            split.add(new LabelledText(id, SPORT[i], 0));
            split.add(new LabelledText(id, FOOD[i], 1));
        }
        return new TaskData(id, 1, labels, train, validation, test);
    }

    private static EnsembleProcedure procedure(boolean probeMember) {
        EnsembleEvaluator evaluator = new EnsembleEvaluator(new AdapterLogits(classifiers),
                new EnsembleWeighting(EnsembleWeightFitter.withLambda(0.05), 0.2), new LogitCache(64));
        return new EnsembleProcedure(evaluator, new EnsembleProcedure.Options(0, true, probeMember),
                task -> Baselines.of(classifiers, 32, task));
    }

    private static List<TrainedMember> zeroShotMember(List<String> tasks) {
        return List.of(new TrainedMember(new EnsembleMember("g0", Kind.GROUP, "g0", tasks),
                model.initialAdapter(new LoraSpec(4, 8, List.of("q", "v"), 3L))));
    }

    @Test
    void aTaskWhoseLabelNamesSayNothingGetsItsProbeAndTheScoresAreTheMixtures() {
        TaskData blind = task("blind", List.of("x", "y"));
        TaskData named = task("named", List.of("sport", "cooking"));
        List<TaskData> tasks = List.of(blind, named);
        EnsembleProcedure.Outcome outcome = procedure(true).outcome(zeroShotMember(List.of("blind", "named")),
                List.of(), tasks);

        ProbeMixture.Member member = outcome.probes().get("blind");
        assertThat(member).as("the probe separates sport from cooking; x and y do not").isNotNull();
        assertThat(outcome.scores().get("blind").validationLoss())
                .isLessThan(outcome.adapterScores().get("blind").validationLoss());

        for (TaskData task : tasks) {
            TaskScore served = outcome.scores().get(task.taskId());
            TaskScore alone = outcome.adapterScores().get(task.taskId());
            assertThat(served.validationLoss()).as("α = 0 is on the grid").isLessThanOrEqualTo(alone.validationLoss());
            ProbeMixture.Member chosen = outcome.probes().get(task.taskId());
            if (chosen == null) {
                assertThat(served).isEqualTo(alone);
                continue;
            }
            assertThat(Arrays.stream(ProbeMixture.GRID).anyMatch(a -> a == chosen.alpha())).isTrue();
            // independently: the mixture of the adapter's logits and the stored probe's, at the chosen α
            Baselines.TaskBaselines baselines = Baselines.of(classifiers, 32, task);
            double[][] logits = new EnsembleEvaluator(new AdapterLogits(classifiers),
                    new EnsembleWeighting(EnsembleWeightFitter.withLambda(0.05), 0.2), new LogitCache(8))
                    .ensembleLogits(outcome.members(), outcome.weights().get(task.taskId()), task,
                            EnsembleEvaluator.Split.TEST);
            float[][] features = classifiers.forTask(task.taskLabels()).withMaxLength(32).features(
                    task.test().stream().map(LabelledText::taskId).toList(),
                    task.test().stream().map(LabelledText::text).toList());
            LinearProbe stored = LinearProbe.fromBytes(chosen.probe().toBytes());
            double[][] mixed = LinearProbe.mixed(logits, stored.logProbabilities(features, 2), chosen.alpha());
            assertThat(served.testAccuracy()).isEqualTo(Softmax.accuracy(mixed, AdapterLogits.labels(task.test())));
            assertThat(stored.c()).isEqualTo(baselines.chosenC());
        }
    }

    @Test
    void withoutTheProbeMemberTheAdaptersAloneAreServed() {
        List<TaskData> tasks = List.of(task("blind", List.of("x", "y")));
        EnsembleProcedure.Outcome outcome = procedure(false).outcome(zeroShotMember(List.of("blind")), List.of(),
                tasks);
        assertThat(outcome.probes()).isEmpty();
        assertThat(outcome.scores()).isEqualTo(outcome.adapterScores());
        assertThatThrownBy(() -> new EnsembleProcedure(null, new EnsembleProcedure.Options(0, true, true), null))
                .hasMessageContaining("needs each task's probe");
    }
}
