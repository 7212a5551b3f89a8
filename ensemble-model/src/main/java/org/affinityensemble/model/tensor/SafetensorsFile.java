package org.affinityensemble.model.tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The content of a safetensors file: named tensors (in file order) and the free-form string metadata of the
 * header's {@code __metadata__} entry.
 */
public record SafetensorsFile(Map<String, HostTensor> tensors, Map<String, String> metadata) {

    public SafetensorsFile {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** The tensor with this name; fails with the name when it is absent. */
    public HostTensor require(String name) {
        HostTensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException("safetensors file has no tensor '" + name + "'");
        }
        return tensor;
    }
}
