package org.affinityensemble.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.affinityensemble.affinity.GradientSource;
import org.affinityensemble.affinity.LinearisedTraining;
import org.affinityensemble.affinity.Logistic;
import org.affinityensemble.affinity.TaskExample;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.gradient.RademacherProjection;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.train.TrainingConfig;
import org.junit.jupiter.api.Test;

class FullGradientsTest {

    private static final int DIM = 6;

    /** 2 tasks × (10 training + 3 validation) examples with seeded random f0 and gradients; coordinate 5 is 0. */
    private static final List<BenchmarkExample> EXAMPLES = new ArrayList<>();
    private static final double[] F0;
    private static final float[][] GRADIENTS;
    private static final float[] START = {0.3f, -0.2f, 0f, 0f, 0.1f, 0.5f};

    static {
        Random random = new Random(11);
        for (String task : List.of("alpha", "beta")) {
            for (int i = 0; i < 13; i++) {
                EXAMPLES.add(new BenchmarkExample(task + "-" + i, new LabelledText(task, task + " text " + i, 0),
                        i >= 10));
            }
        }
        F0 = new double[EXAMPLES.size()];
        GRADIENTS = new float[EXAMPLES.size()][DIM];
        for (int i = 0; i < EXAMPLES.size(); i++) {
            F0[i] = random.nextGaussian();
            for (int j = 0; j < DIM - 1; j++) {
                // Coordinates of very different scales, as LoRA's are across layers.
                GRADIENTS[i][j] = (float) (random.nextGaussian() * Math.pow(10, j - 2));
            }
        }
    }

    private static List<LabelledText> texts(boolean validation) {
        return EXAMPLES.stream().filter(e -> e.validation() == validation).map(BenchmarkExample::text).toList();
    }

    @Test
    void adamReplayFollowsDjlsAdamWOnTheFirstOrderModel() {
        TrainingConfig config = new TrainingConfig(3, 0.05, 0.01, 4, 64, 7, false);
        Map<String, Double> replay = FullGradients.of(EXAMPLES, F0, GRADIENTS, START)
                .replayAdamW(texts(false), texts(true), config);

        Map<String, Double> reference = djlAdamW(config);
        assertThat(replay.keySet()).containsExactly("alpha", "beta");
        for (String task : reference.keySet()) {
            assertThat(replay.get(task)).isCloseTo(reference.get(task), within(2e-5));
        }
        // Training moved the losses: the comparison is not between two untouched starts.
        double zeroShotAlpha = IntStream.range(10, 13).mapToDouble(i -> Logistic.loss(F0[i]))
                .average().orElseThrow();
        assertThat(Math.abs(replay.get("alpha") - zeroShotAlpha)).isGreaterThan(0.01);
    }

    @Test
    void aVanishingLearningRateLeavesTheZeroShotLosses() {
        Map<String, Double> replay = FullGradients.of(EXAMPLES, F0, GRADIENTS, START)
                .replayAdamW(texts(false), texts(true), new TrainingConfig(1, 1e-12, 0.0, 4, 64, 1, false));
        double zeroShotBeta = IntStream.range(23, 26).mapToDouble(i -> Logistic.loss(F0[i]))
                .average().orElseThrow();
        assertThat(replay.get("beta")).isCloseTo(zeroShotBeta, within(1e-9));
    }

    @Test
    void preconditioningScalesEachCoordinateByTheFourthRootOfABatchGradientsSecondMoment() {
        int batch = 4;
        RademacherProjection projection = new RademacherProjection(5, DIM, 3);
        FullGradients full = FullGradients.of(EXAMPLES, F0, GRADIENTS, START);
        GradientSource source = full.source(full.projected(full.adamScale(full.trainingTexts(), batch), projection),
                projection.outputDim());

        // The reference: per-example loss gradients ℓ'(f0)·g over the 20 training examples.
        double[] mean = new double[DIM];
        double[] square = new double[DIM];
        int count = 0;
        for (int i = 0; i < EXAMPLES.size(); i++) {
            if (!EXAMPLES.get(i).validation()) {
                double slope = -1 / (1 + Math.exp(F0[i]));
                for (int j = 0; j < DIM; j++) {
                    mean[j] += slope * GRADIENTS[i][j] / 20;
                    square[j] += Math.pow(slope * GRADIENTS[i][j], 2) / 20;
                }
                count++;
            }
        }
        assertThat(count).isEqualTo(20);
        List<TaskExample> rows = new ArrayList<>();
        for (String task : List.of("alpha", "beta")) {
            for (boolean validation : new boolean[] {false, true}) {
                source.forEachChunk(task, validation, rows::addAll);
            }
        }
        assertThat(rows).hasSize(EXAMPLES.size());
        for (TaskExample row : rows) {
            int i = indexOf(row.sampleId());
            float[] scaled = new float[DIM];
            for (int j = 0; j < DIM; j++) {
                double second = mean[j] * mean[j] + (square[j] - mean[j] * mean[j]) / batch;
                scaled[j] = second > 0 ? (float) (GRADIENTS[i][j] / Math.pow(second, 0.25)) : 0f;
            }
            double[] expected = projection.projectExactly(scaled);
            assertThat(row.f0()).isEqualTo(F0[i]);
            for (int k = 0; k < expected.length; k++) {
                assertThat((double) row.g()[k]).isCloseTo(expected[k], within(1e-4 * (1 + Math.abs(expected[k]))));
            }
        }
    }

    @Test
    void holdingAdamsSecondMomentAtVIsMomentumOnGradientsScaledByItsFourthRoot() {
        TrainingConfig config = new TrainingConfig(3, 0.05, 0.01, 4, 64, 7, false);
        FullGradients full = FullGradients.of(EXAMPLES, F0, GRADIENTS, START);
        float[] scale = full.adamScale(texts(false), config.batchSize());
        Map<String, Double> replay = full.replayFixedSecondMoment(texts(false), texts(true), config, scale);

        // The reference: in θ itself, AdamW whose √v̂ is replaced by √V = scale^(-2), no ε.
        double[] theta = new double[DIM];
        for (int j = 0; j < DIM; j++) {
            theta[j] = START[j];
        }
        double[] m = new double[DIM];
        List<Integer> train = IntStream.range(0, EXAMPLES.size()).filter(i -> !EXAMPLES.get(i).validation())
                .boxed().toList();
        List<Integer> order = new ArrayList<>(IntStream.range(0, train.size()).boxed().toList());
        Random random = new Random(config.seed());
        int t = 0;
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            Collections.shuffle(order, random);
            for (int from = 0; from < order.size(); from += config.batchSize()) {
                List<Integer> batch = order.subList(from, Math.min(order.size(), from + config.batchSize()));
                double[] grad = new double[DIM];
                for (int n : batch) {
                    int i = train.get(n);
                    double slope = -1 / (1 + Math.exp(firstOrder(i, theta))) / batch.size();
                    for (int j = 0; j < DIM; j++) {
                        grad[j] += slope * GRADIENTS[i][j];
                    }
                }
                t++;
                for (int j = 0; j < DIM; j++) {
                    m[j] = 0.9 * m[j] + 0.1 * grad[j];
                    theta[j] -= config.learningRate() * config.weightDecay() * theta[j];
                    if (scale[j] > 0) {
                        theta[j] -= config.learningRate() / (1 - Math.pow(0.9, t)) * m[j] * scale[j] * scale[j];
                    }
                }
            }
        }
        for (String task : List.of("alpha", "beta")) {
            double expected = IntStream.range(0, EXAMPLES.size()).filter(i -> EXAMPLES.get(i).validation()
                    && EXAMPLES.get(i).taskId().equals(task)).mapToDouble(i -> Logistic.loss(firstOrder(i, theta)))
                    .average().orElseThrow();
            assertThat(replay.get(task)).isCloseTo(expected, within(1e-6));
        }
        // It is not AdamW with a running v: the two rules move the losses differently.
        Map<String, Double> adam = full.replayAdamW(texts(false), texts(true), config);
        assertThat(Math.abs(adam.get("alpha") - replay.get("alpha"))).isGreaterThan(1e-3);
    }

    @Test
    void theScheduleOnProjectedRowsApproachesTheUnprojectedOneAsTheDimensionGrows() {
        TrainingConfig config = new TrainingConfig(2, 0.05, 0.0, 4, 64, 3, false);
        FullGradients full = FullGradients.of(EXAMPLES, F0, GRADIENTS, START);
        float[] scale = full.adamScale(texts(false), config.batchSize());
        Map<String, Double> unprojected = full.replayFixedSecondMoment(texts(false), texts(true), config, scale);
        Map<String, Double> projected = full.scheduleOver(full.projected(scale, new RademacherProjection(9, DIM,
                20_000))).validationLosses(texts(false), texts(true), config, LinearisedTraining.Rule.MOMENTUM,
                null);
        Map<String, Double> coarse = full.scheduleOver(full.projected(scale, new RademacherProjection(9, DIM, 1)))
                .validationLosses(texts(false), texts(true), config, LinearisedTraining.Rule.MOMENTUM, null);

        double zeroShotAlpha = IntStream.range(10, 13).mapToDouble(i -> Logistic.loss(F0[i])).average()
                .orElseThrow();
        assertThat(Math.abs(unprojected.get("alpha") - zeroShotAlpha)).isGreaterThan(0.01);
        for (String task : List.of("alpha", "beta")) {
            assertThat(projected.get(task)).isCloseTo(unprojected.get(task), within(0.01 * unprojected.get(task)));
        }
        // one random direction keeps too little of six for the same trajectory
        assertThat(Math.abs(coarse.get("alpha") - unprojected.get("alpha"))
                + Math.abs(coarse.get("beta") - unprojected.get("beta")))
                .isGreaterThan(Math.abs(projected.get("alpha") - unprojected.get("alpha"))
                        + Math.abs(projected.get("beta") - unprojected.get("beta")));
    }

    private static double firstOrder(int i, double[] theta) {
        double h = F0[i];
        for (int j = 0; j < DIM; j++) {
            h += GRADIENTS[i][j] * (theta[j] - START[j]);
        }
        return h;
    }

    private static int indexOf(String sampleId) {
        for (int i = 0; i < EXAMPLES.size(); i++) {
            if (EXAMPLES.get(i).sampleId().equals(sampleId)) {
                return i;
            }
        }
        throw new AssertionError(sampleId);
    }

    /** The same schedule with DJL's AdamW (the trainer's optimizer) and autograd on the first-order model. */
    private static Map<String, Double> djlAdamW(TrainingConfig config) {
        List<Integer> train = IntStream.range(0, EXAMPLES.size()).filter(i -> !EXAMPLES.get(i).validation())
                .boxed().toList();
        Optimizer optimizer = Optimizer.adamW().optLearningRateTracker(Tracker.fixed((float) config.learningRate()))
                .optWeightDecays((float) config.weightDecay()).build();
        try (NDManager manager = DjlRuntime.newManager()) {
            NDArray start = manager.create(START);
            NDArray theta = start.duplicate();
            Random random = new Random(config.seed());
            List<Integer> order = new ArrayList<>(IntStream.range(0, train.size()).boxed().toList());
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                Collections.shuffle(order, random);
                for (int from = 0; from < order.size(); from += config.batchSize()) {
                    List<Integer> batch = order.subList(from, Math.min(order.size(), from + config.batchSize()))
                            .stream().map(train::get).toList();
                    try (NDManager scope = manager.newSubManager()) {
                        NDArray leaf = theta.duplicate();
                        leaf.attach(scope);
                        leaf.setRequiresGradient(true);
                        NDArray g = scope.create(rows(batch), new Shape(batch.size(), DIM));
                        NDArray f0 = scope.create(batch.stream().mapToDouble(i -> F0[i]).toArray())
                                .toType(DataType.FLOAT32, false);
                        try (GradientCollector collector = DjlRuntime.engine().newGradientCollector()) {
                            NDArray h = f0.add(g.matMul(leaf.sub(start)));
                            NDArray loss = h.neg().exp().add(1).log().mean();
                            collector.backward(loss);
                        }
                        optimizer.update("theta", theta, leaf.getGradient());
                    }
                }
            }
            float[] trained = theta.toFloatArray();
            Map<String, double[]> sums = new LinkedHashMap<>();
            for (int i = 0; i < EXAMPLES.size(); i++) {
                if (EXAMPLES.get(i).validation()) {
                    double h = F0[i];
                    for (int j = 0; j < DIM; j++) {
                        h += GRADIENTS[i][j] * (trained[j] - START[j]);
                    }
                    double[] sum = sums.computeIfAbsent(EXAMPLES.get(i).taskId(), k -> new double[2]);
                    sum[0] += Logistic.loss(h);
                    sum[1]++;
                }
            }
            Map<String, Double> means = new LinkedHashMap<>();
            sums.forEach((task, sum) -> means.put(task, sum[0] / sum[1]));
            return means;
        }
    }

    private static float[] rows(List<Integer> batch) {
        float[] flat = new float[batch.size() * DIM];
        for (int n = 0; n < batch.size(); n++) {
            System.arraycopy(GRADIENTS[batch.get(n)], 0, flat, n * DIM, DIM);
        }
        return flat;
    }
}
