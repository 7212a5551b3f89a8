package org.affinityensemble.affinity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SurrogateSolverTest {

    private final SurrogateSolver solver = new SurrogateSolver();

    @Test
    void optimumSatisfiesTheGradientConditionOfTheExactObjective() {
        Random random = new Random(1);
        List<TaskExample> examples = new ArrayList<>();
        examples.addAll(SyntheticGradients.randomTask("a", 150, 0, 30, 0.5, -0.3, random));
        examples.addAll(SyntheticGradients.randomTask("b", 120, 0, 30, 0.5, 0.4, random));
        GradientSource source = new InMemoryGradientSource(30, examples);

        Fit fit = solver.fit(List.of("a", "b"), source, 1e-3);

        double[] gradient = SyntheticGradients.gradient(examples, fit.w(), 1e-3);
        assertThat(SyntheticGradients.norm(gradient)).isLessThan(1e-9);
        assertThat(fit.gradientNorm()).isLessThan(1e-9);
        assertThat(fit.examples()).isEqualTo(270);
        assertThat(fit.objective()).isCloseTo(SyntheticGradients.objective(examples, fit.w(), 1e-3), within(1e-12));
        assertThat(fit.iterations()).isBetween(2, 30);
    }

    @Test
    void oneDimensionalFitMatchesBisectionOnTheDerivative() {
        Random random = new Random(2);
        List<TaskExample> examples = SyntheticGradients.randomTask("a", 200, 0, 1, 1.5, -0.8, random);
        double lambda = 2e-3;

        Fit fit = solver.fit(List.of("a"), new InMemoryGradientSource(1, examples), lambda);

        // F is strictly convex in one dimension, so its derivative is increasing: bisect for its root.
        double low = -100;
        double high = 100;
        for (int step = 0; step < 200; step++) {
            double middle = (low + high) / 2;
            if (SyntheticGradients.gradient(examples, new double[] {middle}, lambda)[0] > 0) {
                high = middle;
            } else {
                low = middle;
            }
        }
        assertThat(fit.w()[0]).isCloseTo((low + high) / 2, within(1e-9));
    }

    @Test
    void twoDimensionalFitMatchesZoomingGridSearchOnTheObjective() {
        Random random = new Random(3);
        List<TaskExample> examples = SyntheticGradients.randomTask("a", 100, 0, 2, 1.0, -0.2, random);
        double lambda = 5e-3;

        Fit fit = solver.fit(List.of("a"), new InMemoryGradientSource(2, examples), lambda);

        double[] best = {0, 0};
        double width = 20;
        for (int zoom = 0; zoom < 12; zoom++) {
            double[] centre = best.clone();
            for (int i = -20; i <= 20; i++) {
                for (int j = -20; j <= 20; j++) {
                    double[] w = {centre[0] + width * i / 40, centre[1] + width * j / 40};
                    if (SyntheticGradients.objective(examples, w, lambda)
                            < SyntheticGradients.objective(examples, best, lambda)) {
                        best = w;
                    }
                }
            }
            width /= 4;
        }
        assertThat(fit.w()[0]).isCloseTo(best[0], within(1e-6));
        assertThat(fit.w()[1]).isCloseTo(best[1], within(1e-6));
        assertThat(fit.objective()).isLessThanOrEqualTo(SyntheticGradients.objective(examples, best, lambda) + 1e-14);
    }

    @Test
    void fitMatchesPlainGradientDescentRunToConvergence() {
        Random random = new Random(4);
        int d = 12;
        List<TaskExample> examples = new ArrayList<>();
        examples.addAll(SyntheticGradients.randomTask("a", 100, 0, d, 0.4, -0.5, random));
        examples.addAll(SyntheticGradients.randomTask("b", 100, 0, d, 0.4, 0.5, random));
        double lambda = 1e-2;

        Fit fit = solver.fit(List.of("a", "b"), new InMemoryGradientSource(d, examples), lambda);

        // Step 1/L with L = (1/4N) Σ‖g‖² + 2λ, an upper bound of the Hessian's largest eigenvalue.
        double smoothness = 2 * lambda;
        for (TaskExample example : examples) {
            double squared = 0;
            for (float value : example.g()) {
                squared += value * value;
            }
            smoothness += squared / (4.0 * examples.size());
        }
        double[] w = new double[d];
        for (int step = 0; step < 1_000_000; step++) {
            double[] gradient = SyntheticGradients.gradient(examples, w, lambda);
            if (SyntheticGradients.norm(gradient) < 1e-13) {
                break;
            }
            for (int c = 0; c < d; c++) {
                w[c] -= gradient[c] / smoothness;
            }
        }
        for (int c = 0; c < d; c++) {
            assertThat(fit.w()[c]).isCloseTo(w[c], within(1e-9));
        }
    }

    @Test
    void newtonStopsInFewStepsOnceTheDecreaseReachesRoundingLevel() {
        // Regression: the Armijo test at rounding level used to accept tiny noise-driven steps until the cap.
        // A tolerance below the rounding floor forces that regime on every fit.
        SurrogateSolver demanding = new SurrogateSolver(SurrogateSolver.DEFAULT_BLOCK_ROWS, 1e-17, 100);
        Random random = new Random(9);
        int d = 60;
        double[][] directions = {SyntheticGradients.unitVector(d, random), SyntheticGradients.unitVector(d, random)};
        List<TaskExample> examples = new ArrayList<>();
        List<String> tasks = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            tasks.add("t" + t);
            examples.addAll(SyntheticGradients.clusterTask("t" + t, directions[t % 2], 120, 0, random));
        }
        GradientSource source = new InMemoryGradientSource(d, examples);

        for (int first = 0; first < 8; first++) {
            List<String> subset = List.of(tasks.get(first), tasks.get((first + 3) % 8), tasks.get((first + 5) % 8));
            Fit fit = demanding.fit(subset, source, 5e-3);
            assertThat(fit.iterations()).as("subset %s", subset).isLessThanOrEqualTo(15);
            assertThat(fit.gradientNorm()).as("subset %s", subset).isLessThan(1e-13);
        }
    }

    @Test
    void blockAndChunkSizesDoNotChangeTheSolution() {
        Random random = new Random(5);
        List<TaskExample> examples = new ArrayList<>();
        examples.addAll(SyntheticGradients.randomTask("a", 70, 0, 8, 0.7, 0, random));
        examples.addAll(SyntheticGradients.randomTask("b", 45, 0, 8, 0.7, 1, random));
        List<String> tasks = List.of("a", "b");

        Fit reference = solver.fit(tasks, new InMemoryGradientSource(8, examples, 1000), 1e-3);
        Fit tinyBlocks = new SurrogateSolver(1, 1e-10, 100).fit(tasks, new InMemoryGradientSource(8, examples, 3),
                1e-3);
        Fit oddBlocks = new SurrogateSolver(7, 1e-10, 100).fit(tasks, new InMemoryGradientSource(8, examples, 11),
                1e-3);

        for (int c = 0; c < 8; c++) {
            assertThat(tinyBlocks.w()[c]).isCloseTo(reference.w()[c], within(1e-10));
            assertThat(oddBlocks.w()[c]).isCloseTo(reference.w()[c], within(1e-10));
        }
    }

    @Test
    void separableDataWithTinyRidgeStillConvergesToAFiniteMinimiser() {
        Random random = new Random(6);
        List<TaskExample> examples = new ArrayList<>();
        // Every example starts wrong (f0 < 0) but a large enough w[0] makes every margin positive.
        for (int i = 0; i < 60; i++) {
            examples.add(new TaskExample("a", "s" + i, false, -3 * random.nextDouble(),
                    new float[] {1 + random.nextFloat(), (float) random.nextGaussian()}));
        }

        Fit fit = solver.fit(List.of("a"), new InMemoryGradientSource(2, examples), 1e-6);

        assertThat(java.util.Arrays.stream(fit.w()).allMatch(Double::isFinite)).isTrue();
        assertThat(fit.w()[0]).isGreaterThan(10);
        assertThat(SyntheticGradients.norm(SyntheticGradients.gradient(examples, fit.w(), 1e-6))).isLessThan(1e-9);
    }

    @Test
    void extremeOffsetsAreHandledWithoutOverflow() {
        Random random = new Random(7);
        List<TaskExample> examples = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double f0 = i % 2 == 0 ? 800 : -800;
            examples.add(new TaskExample("a", "s" + i, false, f0, new float[] {(float) random.nextGaussian()}));
        }

        Fit fit = solver.fit(List.of("a"), new InMemoryGradientSource(1, examples), 1e-3);

        assertThat(Double.isFinite(fit.w()[0])).isTrue();
        assertThat(Double.isFinite(fit.objective())).isTrue();
        assertThat(fit.gradientNorm()).isLessThan(1e-9);
    }

    @Test
    void withoutTrainingExamplesTheMinimiserIsZero() {
        List<TaskExample> validationOnly = SyntheticGradients.randomTask("a", 0, 10, 4, 1, 0, new Random(8));

        Fit fit = solver.fit(List.of("a"), new InMemoryGradientSource(4, validationOnly), 1e-3);

        assertThat(fit.w()).containsOnly(0.0);
        assertThat(fit.iterations()).isZero();
        assertThat(fit.examples()).isZero();
    }

    @Test
    void rejectsNonPositiveRidgeWeight() {
        GradientSource source = new InMemoryGradientSource(1, List.of());
        assertThatThrownBy(() -> solver.fit(List.of("a"), source, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
