package org.affinityensemble.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.classify.ClassifierSettings;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.encoder.MiniLmJar;
import org.affinityensemble.model.train.TrainingConfig;
import org.affinityensemble.storage.EnsembleManifest.AdapterEntry.Kind;
import org.junit.jupiter.api.Test;

/** Issue #19: a boosting adapter stays in the ensemble only if it lowers its group's validation loss. */
class EnsemblePipelineBoostingTest {

    private static final String[] GOOD = {"a wonderful, warm film", "great food and friendly staff",
        "I loved every minute", "excellent value, works perfectly", "a delight from start to end",
        "superb quality, highly recommended", "brilliant and moving", "happy with this purchase"};
    private static final String[] BAD = {"a dull, tedious mess", "cold food and rude staff", "I hated it",
        "broke after one day, useless", "boring from start to end", "awful quality, avoid it", "painful to watch",
        "a waste of money"};
    private static final String[] SPORT = {"the striker scored twice", "a tennis final in five sets",
        "the team won the league", "a marathon in record time", "the goalkeeper saved a penalty",
        "the runner broke the record", "a basketball game in overtime", "the cyclist won the stage"};
    private static final String[] FOOD = {"bake the bread for an hour", "a soup of lentils and onions",
        "grill the fish with lemon", "a cake with dark chocolate", "simmer the sauce slowly",
        "fresh pasta with basil", "roast the vegetables in oil", "a salad of tomatoes and feta"};

    private static TaskData task(String id, List<String> labels, String[] first, String[] second) {
        List<LabelledText> train = new ArrayList<>();
        List<LabelledText> validation = new ArrayList<>();
        List<LabelledText> test = new ArrayList<>();
        for (int i = 0; i < first.length; i++) {
            List<LabelledText> split = i < 5 ? train : i < 7 ? validation : test;
            split.add(new LabelledText(id, first[i], 0));
            split.add(new LabelledText(id, second[i], 1));
        }
        return new TaskData(id, 1, labels, train, validation, test);
    }

    @Test
    void aBoostingAdapterIsKeptOnlyWhenItLowersItsGroupsValidationLoss() throws Exception {
        try (BaseModel model = MiniLmJar.load()) {
            TaskClassifiers classifiers = new TaskClassifiers(model, new ClassifierSettings(20, 32));
            List<TaskData> tasks = List.of(task("tone", List.of("positive", "negative"), GOOD, BAD),
                    task("topic", List.of("sport", "cooking"), SPORT, FOOD));
            EnsemblePipeline pipeline = new EnsemblePipeline(
                    new AdapterTrainer(classifiers, new LoraSpec(4, 8, List.of("q", "v"), 3L),
                            new TrainingConfig(1, 2e-3, 0.01, 4, 32, 1L, false, 1e-2)),
                    new EnsembleEvaluator(new AdapterLogits(classifiers),
                            new EnsembleWeighting(EnsembleWeightFitter.withLambda(0.05), 0.2), new LogitCache(256)), null);

            List<EnsemblePipeline.Result> stages = pipeline.run("t", tasks, List.of(List.of("tone"),
                    List.of("topic")), new EnsembleProcedure.Options(2, true, false));

            assertThat(stages).hasSizeBetween(2, 3);
            for (int step = 1; step < stages.size(); step++) {
                EnsemblePipeline.Result before = stages.get(step - 1);
                EnsemblePipeline.Result after = stages.get(step);
                EnsembleProcedure.BoostDecision decision = after.boostDecisions().get(step - 1);
                long boostsBefore = before.members().stream().filter(m -> m.member().kind() == Kind.BOOST).count();
                long boostsAfter = after.members().stream().filter(m -> m.member().kind() == Kind.BOOST).count();
                assertThat(decision.kept()).isEqualTo(decision.validationLossWithout()
                        - decision.validationLossWith() >= EnsembleProcedure.MIN_LOSS_GAIN);
                assertThat(decision.reason()).contains(decision.kept() ? "kept" : "dropped");
                assertThat(boostsAfter).isEqualTo(boostsBefore + (decision.kept() ? 1 : 0));
                if (!decision.kept()) {
                    assertThat(step).as("boosting stops after a dropped round").isEqualTo(stages.size() - 1);
                    for (TaskData task : tasks) {
                        assertThat(after.weights().get(task.taskId()))
                                .containsExactly(before.weights().get(task.taskId()));
                    }
                }
            }
        }
    }
}
