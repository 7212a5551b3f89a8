package org.affinityensemble.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The report's lines: the model read-out and the noise floor add their figures only when asked for, and change no
 * other line; the meta-initialisation keeps every key, reports its own seconds apart and renames the baseline.
 */
class EstimateBenchmarkResultTest {

    private static final EstimationFigures LINEARISED = new EstimationFigures(0.14, 0.94, 0.41);
    private static final EstimationFigures ZERO_SHOT = new EstimationFigures(0.58, 0.5, 0.1);

    @Test
    void theModelReadOutAddsItsFiguresAndLeavesTheOthersAsTheyWere() {
        List<String> without = result(null, Double.NaN, null).lines();
        List<String> with = result(new EstimationFigures(0.05, 0.97, 0.6), 30.0, null).lines();

        assertThat(without).noneMatch(line -> line.contains("model_readout"));
        assertThat(with).containsSubsequence(without.stream().filter(line -> !line.startsWith("#")).toList());
        List<String> added = with.stream().filter(line -> !without.contains(line)).toList();
        // finetune_seconds = 900 + 100; speedup = 1000 / (2 + 30)
        assertThat(added).startsWith("model_readout_rel_error=0.0500", "model_readout_rank_corr=0.9700",
                "model_readout_seconds=30.0", "model_readout_speedup=31.3");
        assertThat(added).hasSize(5);
        assertThat(added.get(4)).startsWith("# model_readout_*");
        assertThat(with).contains("estimation_rel_error=0.1400", "estimation_speedup=500.0");
    }

    @Test
    void theNoiseFloorAddsItsFiguresAndKeepsItsSecondsOutOfTheFineTuningTime() {
        List<String> without = result(null, Double.NaN, null).lines();
        List<String> with = result(null, Double.NaN, new EstimateBenchmarkResult.NoiseFloor(4, 12, 2L,
                new EstimationFigures(0.03, 0.99, Double.NaN), 0.15, 180.0)).lines();

        assertThat(without).noneMatch(line -> line.contains("noise"));
        assertThat(with).containsSubsequence(without.stream().filter(line -> !line.startsWith("#")).toList());
        List<String> added = with.stream().filter(line -> !without.contains(line)).toList();
        assertThat(added).startsWith("finetune_noise_rel_error=0.0300", "finetune_noise_rank_corr=0.9900",
                "estimation_rel_error_on_noise_subsets=0.1500", "finetune_noise_subsets=4", "finetune_noise_pairs=12",
                "finetune_noise_seconds=180.0");
        assertThat(added).hasSize(7);
        assertThat(added.get(6)).startsWith("# finetune_noise_*").contains("first 4 evaluated subsets",
                "seed (2 instead of 1)", "12 (subset, task) pairs");
        // the repeats' 180 s are not fine-tuning time of the evaluated subsets: 1000 / 2 as before
        assertThat(with).contains("finetune_seconds=1000.0", "estimation_speedup=500.0");
    }

    @Test
    void withoutAMetaInitialisationItsLinesSayZeroAndTheLegendSpeaksOfTheInitialisation() {
        List<String> lines = result(null, Double.NaN, null).lines();
        assertThat(lines).contains("meta_init_epochs=0", "meta_init_seconds=0.0");
        assertThat(lines).noneMatch(line -> line.startsWith("# meta_init"));
        assertThat(lines).anyMatch(line -> line.startsWith("# zero_shot_*") && !line.contains("theta*"));
        assertThat(lines).anyMatch(line -> line.startsWith("# tasks=")
                && line.endsWith("meta_init_epochs=0; label_learning_rate=0.0"));
    }

    @Test
    void aMetaInitialisationKeepsEveryKeyAddsItsSecondsOutsideTheSpeedupsAndRenamesTheBaseline() {
        List<String> without = result(null, Double.NaN, null).lines();
        List<String> with = result(new EstimationFigures(0.05, 0.97, 0.6), 30.0, null, 2, 250.0).lines();

        assertThat(keys(with)).containsAll(keys(without));
        assertThat(with).contains("meta_init_epochs=2", "meta_init_seconds=250.0");
        // the 250 s of theta* are neither fine-tuning nor estimation time
        assertThat(with).contains("finetune_seconds=1000.0", "estimation_speedup=500.0",
                "estimation_speedup_with_gradients=3.31", "model_readout_speedup=31.3");
        assertThat(with).contains("zero_shot_rel_error=0.5800", "mean_zero_shot_loss=1.2000", "mean_real_loss=0.9000");
        assertThat(with).filteredOn(line -> line.startsWith("# meta_init")).singleElement().asString()
                .contains("2 epoch(s)", "union of all tasks' training examples",
                        "neither finetune_seconds nor the speedups");
        assertThat(with).filteredOn(line -> line.startsWith("# zero_shot_*")).singleElement().asString()
                .contains("changes nothing from theta*", "not at theta0");
        assertThat(with).filteredOn(line -> line.startsWith("# model_readout_*")).singleElement().asString()
                .contains("theta* + P*w").doesNotContain("theta0");
        assertThat(with).anyMatch(line -> line.startsWith("# tasks=")
                && line.endsWith("meta_init_epochs=2; label_learning_rate=0.0"));
    }

    @Test
    void theLinearisedDiagnosticsAddTheirFiguresAndLeaveTheOthersAsTheyWere() {
        List<String> without = result(null, Double.NaN, null).lines();
        List<String> with = resultWith(new EstimateBenchmarkResult.Linearised(new EstimationFigures(0.13, 0.96, 0.64),
                new EstimationFigures(0.155, 0.94, 0.55), 7.5, 54.3, Map.of())).lines();

        assertThat(without).noneMatch(line -> line.contains("linearised") || line.contains("preconditioned"));
        assertThat(with).containsSubsequence(without.stream().filter(line -> !line.startsWith("#")).toList());
        List<String> added = with.stream().filter(line -> !without.contains(line)).toList();
        assertThat(added).startsWith("linearised_adam_rel_error=0.1300", "linearised_adam_rank_corr=0.9600",
                "linearised_adam_rank_corr_within_task=0.6400", "preconditioned_rel_error=0.1550",
                "preconditioned_rank_corr=0.9400", "preconditioned_rank_corr_within_task=0.5500",
                "preconditioned_lambda=7.500", "full_gradient_seconds=54.3");
        assertThat(added).hasSize(9);
        assertThat(added.get(8)).startsWith("# linearised_adam_*").contains("theta0", "d=400");
        // the diagnostics' gradients are not charged to the surrogate
        assertThat(with).contains("estimation_speedup=500.0", "estimation_speedup_with_gradients=3.31");
    }

    @Test
    void theTrajectorySurrogatePrintsItsFiguresAfterTheRidgesWithItsSpeedUpAndFactorPerDimension() {
        EstimateBenchmarkResult plain = result(null, Double.NaN, null);
        Map<Integer, EstimateBenchmarkResult.Trajectory> trajectories = Map.of(
                200, new EstimateBenchmarkResult.Trajectory(new EstimationFigures(0.061, 0.98, 0.7), 12.5, 0.01),
                400, new EstimateBenchmarkResult.Trajectory(new EstimationFigures(0.052, 0.99, 0.8), 5.623, 0.04));
        List<String> with = new EstimateBenchmarkResult(plain.options(), plain.plannedSubsets(),
                plain.evaluatedSubsets(), plain.lambda(), plain.calibration(), plain.gradientSeconds(),
                plain.finetuneTrainSeconds(), plain.finetuneEvaluationSeconds(), plain.estimateSeconds(),
                plain.byDim(), plain.zeroShot(), plain.zeroShotCheck(), plain.meanRealLoss(),
                plain.meanZeroShotLoss(), null, Double.NaN, null, plain.metaInitSeconds(), null, trajectories)
                .lines();
        List<String> without = plain.lines();

        assertThat(without).noneMatch(line -> line.contains("trajectory"));
        assertThat(with).containsSubsequence(without.stream().filter(line -> !line.startsWith("#")).toList());
        List<String> added = with.stream().filter(line -> !without.contains(line)).toList();
        // finetune_seconds = 1000; trajectory speed-up = 1000 / 0.04
        assertThat(added).containsExactly("trajectory_rel_error=0.0520", "trajectory_rank_corr=0.9900",
                "trajectory_rank_corr_within_task=0.8000", "trajectory_seconds=0.040", "trajectory_speedup=25000.0",
                "trajectory_lr_factor=5.623", "trajectory_rel_error_d200=0.0610", "trajectory_lr_factor_d200=12.50",
                "trajectory_rel_error_d400=0.0520", "trajectory_lr_factor_d400=5.623",
                with.stream().filter(line -> line.startsWith("# estimation_* = the ridge")).findFirst().orElseThrow());
        assertThat(with.indexOf("trajectory_rel_error=0.0520"))
                .isGreaterThan(with.indexOf("estimation_rank_corr_within_task_d400=0.4100"));
    }

    @Test
    void eachTrajectoryPrintsItsErrorRankFactorAndSecondsInItsOrder() {
        Map<String, EstimateBenchmarkResult.Trajectory> trajectories = new java.util.LinkedHashMap<>();
        trajectories.put("projected_fixed_v", new EstimateBenchmarkResult.Trajectory(
                new EstimationFigures(0.051, 0.9, 0.7), 1, 0.42));
        trajectories.put("projected_adamw", new EstimateBenchmarkResult.Trajectory(
                new EstimationFigures(0.08, 0.9, 0.5), 17.78, 0.31));
        List<String> lines = resultWith(new EstimateBenchmarkResult.Linearised(new EstimationFigures(0.13, 0.96,
                0.64), new EstimationFigures(0.155, 0.94, 0.55), 7.5, 54.3, trajectories)).lines();

        assertThat(lines).containsSubsequence("full_gradient_seconds=54.3", "projected_fixed_v_rel_error=0.0510",
                "projected_fixed_v_rank_corr_within_task=0.7000", "projected_fixed_v_lr_factor=1.000",
                "projected_fixed_v_seconds=0.420", "projected_adamw_rel_error=0.0800",
                "projected_adamw_rank_corr_within_task=0.5000", "projected_adamw_lr_factor=17.78",
                "projected_adamw_seconds=0.310");
        assertThat(lines).anyMatch(line -> line.startsWith("# trajectories = ") && line.contains("d=400"));
    }

    private static EstimateBenchmarkResult resultWith(EstimateBenchmarkResult.Linearised linearised) {
        EstimateBenchmarkResult plain = result(null, Double.NaN, null);
        return new EstimateBenchmarkResult(plain.options(), plain.plannedSubsets(), plain.evaluatedSubsets(),
                plain.lambda(), plain.calibration(), plain.gradientSeconds(), plain.finetuneTrainSeconds(),
                plain.finetuneEvaluationSeconds(), plain.estimateSeconds(), plain.byDim(), plain.zeroShot(),
                plain.zeroShotCheck(), plain.meanRealLoss(), plain.meanZeroShotLoss(), null, Double.NaN, null,
                plain.metaInitSeconds(), linearised, plain.trajectoryByDim());
    }

    private static List<String> keys(List<String> lines) {
        return lines.stream().filter(line -> !line.startsWith("#")).map(line -> line.substring(0, line.indexOf('=')))
                .toList();
    }

    private static EstimateBenchmarkResult result(EstimationFigures modelReadout, double modelReadoutSeconds,
            EstimateBenchmarkResult.NoiseFloor noise) {
        return result(modelReadout, modelReadoutSeconds, noise, 0, 0);
    }

    private static EstimateBenchmarkResult result(EstimationFigures modelReadout, double modelReadoutSeconds,
            EstimateBenchmarkResult.NoiseFloor noise, int metaInitEpochs, double metaInitSeconds) {
        Map<Integer, EstimationFigures> byDim = new TreeMap<>();
        byDim.put(200, new EstimationFigures(0.16, 0.9, 0.3));
        byDim.put(400, LINEARISED);
        EstimateOptions options = EstimateOptions.parse(new String[] {"--dims=200,400", "--dim=400",
                "--meta-init-epochs=" + metaInitEpochs, "--freeze-a=false", "--model-readout=" + (modelReadout != null),
                "--label-learning-rate=0"});
        return new EstimateBenchmarkResult(options, 24, 20, 0.05, new Calibration.Choice(0.05, 0.15, 9), 300,
                900, 100, 2, byDim, ZERO_SHOT, 1e-7, 0.9, 1.2, modelReadout, modelReadoutSeconds, noise,
                metaInitSeconds, null, Map.of());
    }
}
