package org.affinityensemble.datasets;

import org.affinityensemble.events.Split;

/** The most examples to keep in each split of a task, for {@link StratifiedSample}. */
public record SplitCaps(int train, int validation, int test) {

    /** The demo's size: 400 train, 100 validation, 200 test examples per task. */
    public static final SplitCaps DEMO = new SplitCaps(400, 100, 200);

    public SplitCaps {
        if (train < 0 || validation < 0 || test < 0) {
            throw new IllegalArgumentException("split caps must not be negative: " + this);
        }
    }

    /** The cap of one split. */
    public int of(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case VALIDATION -> validation;
            case TEST -> test;
        };
    }
}
