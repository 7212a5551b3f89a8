package org.affinityensemble.events;

import java.util.regex.Pattern;

/** Identifier rules shared by every message: ids end up in object keys, metric tags and file names. */
public final class Ids {

    /** Dataset (task) ids: lower case letters, digits, '_', '-', '.'; 1 to 64 characters. */
    public static final Pattern DATASET_ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

    /** Sample ids: any printable text without control characters, 1 to 200 characters. */
    public static final int MAX_SAMPLE_ID_LENGTH = 200;

    private Ids() {
    }

    public static String requireDatasetId(String id) {
        InvalidEventException.requireId(id, "datasetId");
        InvalidEventException.require(DATASET_ID.matcher(id).matches(),
                "datasetId '" + id + "' must match " + DATASET_ID.pattern());
        return id;
    }

    public static String requireSampleId(String id) {
        InvalidEventException.requireId(id, "sampleId");
        InvalidEventException.require(id.length() <= MAX_SAMPLE_ID_LENGTH,
                "sampleId is longer than " + MAX_SAMPLE_ID_LENGTH + " characters");
        InvalidEventException.require(id.chars().noneMatch(Character::isISOControl),
                "sampleId contains control characters");
        return id;
    }
}
