package org.affinityensemble.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.affinityensemble.model.tensor.HostTensor;
import org.affinityensemble.model.tensor.SafetensorsFile;
import org.affinityensemble.model.tensor.SafetensorsReader;
import org.affinityensemble.storage.ObjectStore;
import org.affinityensemble.storage.StorageLayout;

/**
 * A served ensemble as content, free of the ids and version numbers a run assigns: each adapter named by its kind
 * and its tasks (a boosting step also by its order), with its stored weights file; and per task its weights over
 * those names. Two runs of the same data and settings serve equal ones; {@link #compare} says how far apart two are.
 *
 * @param adapters the adapters' files ({@code adapter_model.safetensors}) by name
 * @param weights  per task, its weights by adapter name
 */
record ServedEnsemble(Map<String, byte[]> adapters, Map<String, Map<String, Double>> weights) {

    /** Reads the {@code serving} part of the inference-service's {@code GET /v1/models}, and the adapters it names. */
    static ServedEnsemble read(JsonNode serving, ObjectStore store) {
        Map<String, String> nameOf = new HashMap<>();
        Map<String, byte[]> adapters = new TreeMap<>();
        Map<String, Integer> boosts = new HashMap<>();
        for (JsonNode adapter : serving.get("adapters")) {
            TreeSet<String> tasks = new TreeSet<>();
            adapter.get("tasks").forEach(task -> tasks.add(task.asText()));
            String kind = adapter.get("kind").asText().toLowerCase(Locale.ROOT);
            String name = kind + String.join("+", tasks);
            if (kind.equals("boost")) {
                name += "#" + boosts.merge(name, 1, Integer::sum);
            }
            String id = adapter.get("adapterId").asText();
            nameOf.put(id, name);
            adapters.put(name, store.find(StorageLayout.adapterWeights(id)).orElseThrow(() ->
                    new IllegalStateException("adapter " + id + " is served but not stored")));
        }
        Map<String, Map<String, Double>> weights = new TreeMap<>();
        for (JsonNode task : serving.get("tasks")) {
            Map<String, Double> byName = new TreeMap<>();
            task.get("weights").fields().forEachRemaining(w -> byName.put(nameOf.get(w.getKey()),
                    w.getValue().asDouble()));
            weights.put(task.get("task").asText(), byName);
        }
        return new ServedEnsemble(adapters, weights);
    }

    /**
     * How this ensemble and another differ: the same adapter names and tasks, how many adapters are byte for byte
     * equal, the largest difference of any adapter parameter and of any task weight.
     */
    Comparison compare(ServedEnsemble other) {
        List<String> differences = new ArrayList<>();
        if (!adapters.keySet().equals(other.adapters.keySet())) {
            differences.add("adapters " + adapters.keySet() + " vs " + other.adapters.keySet());
        }
        if (!weights.keySet().equals(other.weights.keySet())) {
            differences.add("tasks " + weights.keySet() + " vs " + other.weights.keySet());
        }
        int identical = 0;
        double parameterDifference = 0;
        for (var adapter : adapters.entrySet()) {
            byte[] theirs = other.adapters.get(adapter.getKey());
            if (theirs == null) {
                continue;
            }
            if (Arrays.equals(adapter.getValue(), theirs)) {
                identical++;
            } else {
                parameterDifference = Math.max(parameterDifference, largestDifference(adapter.getKey(),
                        adapter.getValue(), theirs, differences));
            }
        }
        double weightDifference = 0;
        for (var task : weights.entrySet()) {
            Map<String, Double> theirs = other.weights.getOrDefault(task.getKey(), Map.of());
            if (!task.getValue().keySet().equals(theirs.keySet())) {
                differences.add(task.getKey() + " weighs " + task.getValue().keySet() + " vs " + theirs.keySet());
                continue;
            }
            for (var weight : task.getValue().entrySet()) {
                weightDifference = Math.max(weightDifference, Math.abs(weight.getValue() - theirs.get(weight.getKey())));
            }
        }
        return new Comparison(adapters.size(), identical, parameterDifference, weightDifference, differences);
    }

    private static double largestDifference(String name, byte[] mine, byte[] theirs, List<String> differences) {
        try {
            SafetensorsFile a = SafetensorsReader.read(mine);
            SafetensorsFile b = SafetensorsReader.read(theirs);
            if (!a.tensors().keySet().equals(b.tensors().keySet())) {
                differences.add(name + " holds other tensors");
                return Double.POSITIVE_INFINITY;
            }
            double largest = 0;
            for (var tensor : a.tensors().entrySet()) {
                HostTensor other = b.tensors().get(tensor.getKey());
                float[] x = tensor.getValue().data();
                float[] y = other.data();
                if (!Arrays.equals(tensor.getValue().shape(), other.shape())) {
                    differences.add(name + ": " + tensor.getKey() + " has another shape");
                    return Double.POSITIVE_INFINITY;
                }
                for (int i = 0; i < x.length; i++) {
                    largest = Math.max(largest, Math.abs(x[i] - y[i]));
                }
            }
            return largest;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read adapter " + name, e);
        }
    }

    /** Two served ensembles side by side. */
    record Comparison(int adapters, int identicalAdapters, double largestParameterDifference,
            double largestWeightDifference, List<String> differences) {

        /**
         * The largest parameter and weight difference still counted as the same ensemble: a process started again
         * runs its first libtorch passes in another state and may round differently in the last bits (ADR 0119),
         * which training carries on.
         */
        static final double TOLERANCE = 1e-3;

        boolean equal() {
            return differences.isEmpty() && largestParameterDifference <= TOLERANCE
                    && largestWeightDifference <= TOLERANCE;
        }

        String report() {
            return String.format(Locale.ROOT, "served_equal=%s adapters=%d adapters_byte_identical=%d "
                    + "largest_parameter_difference=%.3g largest_weight_difference=%.3g%s", equal(), adapters,
                    identicalAdapters, largestParameterDifference, largestWeightDifference,
                    differences.isEmpty() ? "" : "\n  differences: " + differences);
        }
    }
}
