package org.affinityensemble.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one {@link EstimateBenchmark} run, measured side by side. Errors and correlations are over
 * the evaluated subsets' (subset, task) pairs; times are wall-clock seconds on the same machine: the surrogate
 * for all evaluated subsets given the gradients ({@code estimateSeconds}, at the main dimension), real
 * fine-tuning of the same subsets (training, the trainer's per-epoch validation included, plus measuring the
 * per-task losses), and the gradients of every example of every task, which all subsets share.
 *
 * @param calibration the λ search, or null when λ was given
 * @param byDim       figures per projection dimension, ascending
 * @param zeroShot    the baseline estimate "fine-tuning changes nothing" (w = 0): what the surrogate must beat
 * @param zeroShotCheck largest |trainer's validation loss before training − mean log(1+exp(−f0))| over subsets
 * @param modelReadout the paper's read-out (the real model at θ0 + P·w, {@link ModelReadout}) at the main
 *                     dimension, or null when not asked for
 * @param modelReadoutSeconds the seconds of the model read-out over the evaluated subsets: forming θ0 + P·w and
 *                     measuring the validation losses (the fits of w are in {@code estimateSeconds}); NaN
 *                     when not asked for
 * @param noise       the noise floor of real fine-tuning (the first evaluated subsets fine-tuned again with another
 *                    training order), or null when disabled ({@code --noise-subsets=0}); its seconds are not in
 *                    {@link #finetuneSeconds()}
 * @param metaInitSeconds the training of the meta-initialisation θ* ({@link MetaInitialisation}), 0 without one;
 *                    a one-off cost shared by all subsets, in neither side of the speed-ups
 * @param linearised  the diagnostics of {@link FullGradients}, or null when not asked for
 * @param trajectoryByDim the trajectory surrogate as the service runs it ({@code TrajectorySubsetEstimator}), per
 *                    projection dimension, its learning-rate factor calibrated on the held-out subsets at each
 */
public record EstimateBenchmarkResult(EstimateOptions options, int plannedSubsets, int evaluatedSubsets,
        double lambda, Calibration.Choice calibration, double gradientSeconds, double finetuneTrainSeconds,
        double finetuneEvaluationSeconds, double estimateSeconds, Map<Integer, EstimationFigures> byDim,
        EstimationFigures zeroShot, double zeroShotCheck, double meanRealLoss, double meanZeroShotLoss,
        EstimationFigures modelReadout, double modelReadoutSeconds, NoiseFloor noise, double metaInitSeconds,
        Linearised linearised, Map<Integer, Trajectory> trajectoryByDim) {

    public EstimateBenchmarkResult {
        trajectoryByDim = Collections.unmodifiableMap(new java.util.TreeMap<>(trajectoryByDim));
    }

    /**
     * Two real fine-tunings of the same subsets that differ only in the training order.
     *
     * @param subsets            subsets fine-tuned twice (the first ones evaluated)
     * @param pairs              their (subset, task) pairs
     * @param trainingSeed       the repeat's shuffle seed (the first run's is the options' seed)
     * @param repeat             the repeat's losses against the first run's (the reference), by the same metrics
     *                           as an estimate ({@link EstimationMetrics#repeatPairs})
     * @param estimationRelativeError the surrogate's relative error (main dimension) on the same pairs
     * @param seconds            the repeats' training and loss measurement
     */
    public record NoiseFloor(int subsets, int pairs, long trainingSeed, EstimationFigures repeat,
            double estimationRelativeError, double seconds) {
    }

    /**
     * What the first-order model itself predicts ({@link FullGradients}).
     *
     * @param adamReplay        the trainer's AdamW schedule run on h ≈ f0 + gᵀΔθ (all D parameters, no projection)
     * @param preconditioned    the ridge surrogate (main dimension) on gradients scaled by v^(-1/4) before the
     *                          projection, its λ calibrated on the same held-out subsets
     * @param preconditionedLambda that λ
     * @param gradientSeconds   the unprojected gradients of every example
     * @param trajectories      the trainer's schedule run on a linear model ({@link LinearisedSchedule}) instead of
     *                          the ridge's optimum, by name, in report order
     */
    public record Linearised(EstimationFigures adamReplay, EstimationFigures preconditioned,
            double preconditionedLambda, double gradientSeconds, Map<String, Trajectory> trajectories) {

        public Linearised {
            trajectories = Collections.unmodifiableMap(new LinkedHashMap<>(trajectories));
        }
    }

    /**
     * One trajectory estimate on the evaluated subsets.
     *
     * @param figures            its per-task losses against real fine-tuning
     * @param learningRateFactor its learning rate over the trainer's (1, or calibrated on the held-out subsets)
     * @param seconds            wall-clock seconds for all evaluated subsets, on one thread
     */
    public record Trajectory(EstimationFigures figures, double learningRateFactor, double seconds) {
    }

    public double finetuneSeconds() {
        return finetuneTrainSeconds + finetuneEvaluationSeconds;
    }

    public EstimationFigures main() {
        return byDim.get(options.mainDim());
    }

    /** The report: one {@code key=value} line per figure, then comment lines saying how to read them. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(format("estimation_rel_error=%.4f", main().relativeError()));
        lines.add(format("estimation_rank_corr=%.4f", main().rankCorrelation()));
        lines.add(format("estimation_rank_corr_within_task=%.4f", main().withinTaskRankCorrelation()));
        lines.add(format("estimate_seconds=%.3f", estimateSeconds));
        lines.add(format("finetune_seconds=%.1f", finetuneSeconds()));
        lines.add(format("estimation_speedup=%.1f", finetuneSeconds() / estimateSeconds));
        lines.add(format("gradient_seconds=%.1f", gradientSeconds));
        lines.add(format("estimation_speedup_with_gradients=%.2f",
                finetuneSeconds() / (estimateSeconds + gradientSeconds)));
        lines.addAll(endToEnd().lines(serviceUsesTrajectory() ? "trajectory" : "ridge"));
        byDim.forEach((dim, figures) -> {
            lines.add(format("estimation_rel_error_d%d=%.4f", dim, figures.relativeError()));
            lines.add(format("estimation_rank_corr_within_task_d%d=%.4f", dim, figures.withinTaskRankCorrelation()));
        });
        Trajectory trajectory = trajectoryByDim.get(options.mainDim());
        if (trajectory != null) {
            lines.add(format("trajectory_rel_error=%.4f", trajectory.figures().relativeError()));
            lines.add(format("trajectory_rank_corr=%.4f", trajectory.figures().rankCorrelation()));
            lines.add(format("trajectory_rank_corr_within_task=%.4f",
                    trajectory.figures().withinTaskRankCorrelation()));
            lines.add(format("trajectory_seconds=%.3f", trajectory.seconds()));
            lines.add(format("trajectory_speedup=%.1f", finetuneSeconds() / trajectory.seconds()));
            lines.add(format("trajectory_lr_factor=%.4g", trajectory.learningRateFactor()));
            trajectoryByDim.forEach((dim, figures) -> {
                lines.add(format("trajectory_rel_error_d%d=%.4f", dim, figures.figures().relativeError()));
                lines.add(format("trajectory_lr_factor_d%d=%.4g", dim, figures.learningRateFactor()));
            });
        }
        if (modelReadout != null) {
            lines.add(format("model_readout_rel_error=%.4f", modelReadout.relativeError()));
            lines.add(format("model_readout_rank_corr=%.4f", modelReadout.rankCorrelation()));
            lines.add(format("model_readout_seconds=%.1f", modelReadoutSeconds));
            lines.add(format("model_readout_speedup=%.1f",
                    finetuneSeconds() / (estimateSeconds + modelReadoutSeconds)));
        }
        if (noise != null) {
            lines.add(format("finetune_noise_rel_error=%.4f", noise.repeat().relativeError()));
            lines.add(format("finetune_noise_rank_corr=%.4f", noise.repeat().rankCorrelation()));
            lines.add(format("estimation_rel_error_on_noise_subsets=%.4f", noise.estimationRelativeError()));
            lines.add(format("finetune_noise_subsets=%d", noise.subsets()));
            lines.add(format("finetune_noise_pairs=%d", noise.pairs()));
            lines.add(format("finetune_noise_seconds=%.1f", noise.seconds()));
        }
        if (linearised != null) {
            lines.add(format("linearised_adam_rel_error=%.4f", linearised.adamReplay().relativeError()));
            lines.add(format("linearised_adam_rank_corr=%.4f", linearised.adamReplay().rankCorrelation()));
            lines.add(format("linearised_adam_rank_corr_within_task=%.4f",
                    linearised.adamReplay().withinTaskRankCorrelation()));
            lines.add(format("preconditioned_rel_error=%.4f", linearised.preconditioned().relativeError()));
            lines.add(format("preconditioned_rank_corr=%.4f", linearised.preconditioned().rankCorrelation()));
            lines.add(format("preconditioned_rank_corr_within_task=%.4f",
                    linearised.preconditioned().withinTaskRankCorrelation()));
            lines.add(format("preconditioned_lambda=%.4g", linearised.preconditionedLambda()));
            lines.add(format("full_gradient_seconds=%.1f", linearised.gradientSeconds()));
            linearised.trajectories().forEach((name, run) -> {
                lines.add(format("%s_rel_error=%.4f", name, run.figures().relativeError()));
                lines.add(format("%s_rank_corr_within_task=%.4f", name, run.figures().withinTaskRankCorrelation()));
                lines.add(format("%s_lr_factor=%.4g", name, run.learningRateFactor()));
                lines.add(format("%s_seconds=%.3f", name, run.seconds()));
            });
        }
        lines.add(format("lambda=%.4g", lambda));
        if (calibration != null) {
            lines.add(format("lambda_calibration_rel_error=%.4f", calibration.relativeError()));
        }
        lines.add(format("zero_shot_rel_error=%.4f", zeroShot.relativeError()));
        lines.add(format("zero_shot_rank_corr=%.4f", zeroShot.rankCorrelation()));
        lines.add(format("mean_zero_shot_loss=%.4f", meanZeroShotLoss));
        lines.add(format("mean_real_loss=%.4f", meanRealLoss));
        lines.add(format("zero_shot_check_max_abs_diff=%.2e", zeroShotCheck));
        lines.add(format("finetune_train_seconds=%.1f", finetuneTrainSeconds));
        lines.add(format("finetune_eval_seconds=%.1f", finetuneEvaluationSeconds));
        lines.add(format("meta_init_epochs=%d", options.metaInitEpochs()));
        lines.add(format("meta_init_seconds=%.1f", metaInitSeconds));
        lines.add(format("# tasks=%s train=%d validation=%d per task; %d evaluated subsets (+%d held out for λ) of"
                        + " size %s; epochs=%d lr=%.2g weight_decay=%.2g batch=%d max_length=%d; d=%d; threads=%d;"
                        + " meta_init_epochs=%d; label_learning_rate=%s",
                String.join(",", options.tasks()), options.trainPerTask(), options.validationPerTask(),
                evaluatedSubsets, plannedSubsets - evaluatedSubsets,
                options.subsetSize() == 0 ? "ceil(0.3n)" : Integer.toString(options.subsetSize()),
                options.epochs(), options.learningRate(), options.weightDecay(), options.batchSize(),
                options.maxLength(), options.mainDim(), options.threads(), options.metaInitEpochs(),
                options.labelLearningRate()));
        lines.add("# rel_error = mean |est - real| / real of per-task validation loss log(1+exp(-h)); rank_corr ="
                + " Spearman over (subset, task) pairs; within_task = mean over tasks of Spearman across subsets");
        lines.add("# speedup = finetune_seconds / estimate_seconds; with_gradients adds the gradients of every"
                + " example (shared by all subsets) to the surrogate's side");
        if (trajectory != null) {
            lines.add("# estimation_* = the ridge surrogate (ensemble.affinity.estimator=ridge); trajectory_* = the"
                    + " trajectory surrogate (=trajectory): the trainer's AdamW schedule on f0 + g~'w from w = 0,"
                    + " lr = the trainer's x lr_factor calibrated on the held-out subsets at each d");
        }
        if (options.metaInit()) {
            lines.add(format("# meta_init = the gradients, f0 and every real fine-tuning are taken at / start from"
                    + " theta*, an adapter trained from theta0 for %d epoch(s) on the union of all tasks' training"
                    + " examples (same trainer, lr and seed); meta_init_seconds is its training, a one-off cost"
                    + " in neither finetune_seconds nor the speedups", options.metaInitEpochs()));
            lines.add("# zero_shot_* = the estimate 'fine-tuning changes nothing from theta*' (w = 0): the loss at"
                    + " theta*, not at theta0, the baseline to beat; mean_zero_shot_loss is at theta*");
        } else {
            lines.add("# zero_shot_* = the estimate 'fine-tuning changes nothing' (w = 0), the baseline to beat");
        }
        if (modelReadout != null) {
            lines.add("# model_readout_* = the same fitted w (d=" + options.mainDim() + ") read out by the real model"
                    + " at the LoRA parameters " + origin() + " + P*w instead of the linearised f0 + g~'w; its"
                    + " speedup adds the model read-out's seconds to estimate_seconds");
        }
        if (noise != null) {
            lines.add(format("# finetune_noise_* = the first %d evaluated subsets fine-tuned again, identical but for"
                    + " the training shuffle seed (%d instead of %d): rel_error = mean |repeat - first| / first of"
                    + " per-task validation loss over their %d (subset, task) pairs, the floor under any estimate;"
                    + " estimation_rel_error_on_noise_subsets = the surrogate's error on the same pairs;"
                    + " finetune_noise_seconds is not in finetune_seconds", noise.subsets(), noise.trainingSeed(),
                    options.seed(), noise.pairs()));
        }
        if (linearised != null) {
            lines.add("# linearised_adam_* = the trainer's AdamW schedule (same batches, lr, weight decay) replayed on"
                    + " the first-order model f0 + g'(theta - " + origin() + ") with all LoRA parameters, no"
                    + " projection, no ridge: what linearising at " + origin() + " allows at best;"
                    + " preconditioned_* = the ridge surrogate on g * v^(-1/4) (v: second moment of a batch"
                    + " gradient of the loss at " + origin() + ") projected to d=" + options.mainDim());
            if (!linearised.trajectories().isEmpty()) {
                lines.add("# trajectories = the same schedule on a linear model instead of the ridge's optimum:"
                        + " fixed_v_* with Adam's second moment held at v (pooled over all tasks, or the subset's"
                        + " own), all LoRA parameters; projected_fixed_v the same on g * v^(-1/4) projected to d="
                        + options.mainDim() + ", the trainer's lr; projected_adamw / projected_momentum on the"
                        + " service's projected gradients, lr = the trainer's x lr_factor calibrated on the"
                        + " held-out subsets");
            }
        }
        return lines;
    }

    /**
     * Whether the affinity service would estimate these gradients with the trajectory (its {@code auto}: gradients
     * at θ* with A frozen after it) rather than the ridge.
     */
    public boolean serviceUsesTrajectory() {
        return options.metaInit() && options.freezeA() && trajectoryByDim.containsKey(options.mainDim());
    }

    /** The whole cost with the service's estimator at the main dimension ({@link EndToEndCost}). */
    public EndToEndCost endToEnd() {
        int n = options.tasks().size();
        int k = options.subsetSize() == 0 ? EndToEndCost.serviceSubsetSize(n) : Math.min(options.subsetSize(), n);
        double estimate = serviceUsesTrajectory() ? trajectoryByDim.get(options.mainDim()).seconds() : estimateSeconds;
        return new EndToEndCost(n, k, evaluatedSubsets, finetuneSeconds(), gradientSeconds, estimate);
    }

    /** The point the gradients were taken at, as the legend names it. */
    private String origin() {
        return options.metaInit() ? "theta*" : "theta0";
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
