package org.affinityensemble.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The split a sample belongs to. Samples sent without one get a seeded stratified split at sealing. */
public enum Split {
    TRAIN, VALIDATION, TEST;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Split fromWire(String value) {
        if (value == null || value.isBlank() || value.equalsIgnoreCase("none")) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "train" -> TRAIN;
            case "validation", "valid", "val", "dev" -> VALIDATION;
            case "test" -> TEST;
            default -> throw new InvalidEventException(
                    "split '" + value + "' is not one of train, validation, test, none");
        };
    }
}
