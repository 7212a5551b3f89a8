package org.affinityensemble.trainer.entity;

import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.persistence.Converter;
import java.util.List;
import java.util.Map;
import org.affinityensemble.events.PromptSpec;
import org.affinityensemble.training.run.TaskSource;

/** The JSON column converters of the training entities. */
public final class JsonColumns {

    private JsonColumns() {
    }

    /** {@code Map<String, Double>} (metrics). */
    @Converter
    public static class Metrics extends JsonColumn<Map<String, Double>> {
        public Metrics() {
            super(new TypeReference<>() {
            });
        }
    }

    /** The groups of a build. */
    @Converter
    public static class Groups extends JsonColumn<List<BuildGroup>> {
        public Groups() {
            super(new TypeReference<>() {
            });
        }
    }

    /** A dataset's declared prompt (decoder LMs). */
    @Converter
    public static class Prompt extends JsonColumn<PromptSpec> {
        public Prompt() {
            super(new TypeReference<>() {
            });
        }
    }

    /** Where a build's tasks' data is. */
    @Converter
    public static class Tasks extends JsonColumn<List<TaskSource>> {
        public Tasks() {
            super(new TypeReference<>() {
            });
        }
    }

    /** Per-task scores of a build. */
    @Converter
    public static class Scores extends JsonColumn<Map<String, TaskResult>> {
        public Scores() {
            super(new TypeReference<>() {
            });
        }
    }
}
