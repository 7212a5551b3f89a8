package org.affinityensemble.storage;

import java.util.Locale;
import org.affinityensemble.events.Split;

/**
 * The keys of everything the system stores, in one place:
 * <pre>
 * datasets/{datasetId}/r{revision}/{split}.jsonl         materialised splits, one JSON object a line
 * adapters/{adapterId}/adapter_config.json               PEFT layout, one prefix per adapter
 * adapters/{adapterId}/adapter_model.safetensors
 * ensembles/{baseModel}/v{version}/manifest.json         adapters, per-task weights, label names
 * ensembles/{baseModel}/v{version}/probes/{task}.liblinear  a task's linear probe member (ADR 0124)
 * </pre>
 */
public final class StorageLayout {

    public static final String ADAPTER_CONFIG = "adapter_config.json";
    public static final String ADAPTER_WEIGHTS = "adapter_model.safetensors";

    private StorageLayout() {
    }

    public static String datasetSplit(String datasetId, int revision, Split split) {
        return "datasets/" + datasetId + "/r" + revision + "/" + split.name().toLowerCase(Locale.ROOT) + ".jsonl";
    }

    public static String adapterPrefix(String adapterId) {
        return "adapters/" + adapterId + "/";
    }

    public static String adapterConfig(String adapterId) {
        return adapterPrefix(adapterId) + ADAPTER_CONFIG;
    }

    public static String adapterWeights(String adapterId) {
        return adapterPrefix(adapterId) + ADAPTER_WEIGHTS;
    }

    public static String ensembleManifest(String baseModelId, long version) {
        return ensemblesOf(baseModelId) + "v" + version + "/manifest.json";
    }

    /**
     * A task's linear probe (LIBLINEAR's model format) in an ensemble version whose prediction for the task mixes
     * it in; written before the version's manifest, as the adapters are.
     */
    public static String ensembleProbe(String baseModelId, long version, String taskId) {
        return ensemblesOf(baseModelId) + "v" + version + "/probes/" + taskId + ".liblinear";
    }

    /** The prefix under which every ensemble version of a base model is stored. */
    public static String ensemblesOf(String baseModelId) {
        return "ensembles/" + baseModelId.replace('/', '_') + "/";
    }

    /** The highest version among keys listed under {@link #ensemblesOf}, whose manifest is stored; -1 for none. */
    public static long newestEnsembleVersion(String baseModelId, java.util.Collection<String> keys) {
        String prefix = ensemblesOf(baseModelId);
        long newest = -1;
        for (String key : keys) {
            if (!key.startsWith(prefix + "v") || !key.endsWith("/manifest.json")) {
                continue;
            }
            String number = key.substring(prefix.length() + 1, key.length() - "/manifest.json".length());
            if (!number.isEmpty() && number.chars().allMatch(Character::isDigit) && number.length() < 19) {
                newest = Math.max(newest, Long.parseLong(number));
            }
        }
        return newest;
    }
}
