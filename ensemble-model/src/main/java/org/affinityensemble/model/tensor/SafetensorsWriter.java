package org.affinityensemble.model.tensor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes float32 tensors in the safetensors format. The output is deterministic: the header is compact JSON
 * with {@code __metadata__} first (when there is any), then the tensors sorted by name, each as
 * {@code {"dtype":"F32","shape":[...],"data_offsets":[begin,end]}}; the header is padded with spaces to a
 * multiple of 8 bytes (as the reference implementation does, so the data section stays aligned); the data
 * section holds the tensors in the same order, little-endian, without gaps.
 */
public final class SafetensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsWriter() {
    }

    public static byte[] toBytes(Map<String, HostTensor> tensors, Map<String, String> metadata) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(tensors, metadata, out);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    public static void write(Map<String, HostTensor> tensors, Map<String, String> metadata, OutputStream out)
            throws IOException {
        List<String> names = new ArrayList<>(tensors.keySet());
        names.sort(null);
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (String name : names) {
            HostTensor tensor = tensors.get(name);
            ObjectNode entry = header.putObject(name);
            entry.put("dtype", "F32");
            ArrayNode shape = entry.putArray("shape");
            for (long dim : tensor.shape()) {
                shape.add(dim);
            }
            long end = offset + 4L * tensor.data().length;
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(padded).put(json);
        while (prefix.hasRemaining()) {
            prefix.put((byte) ' ');
        }
        out.write(prefix.array());
        for (String name : names) {
            float[] data = tensors.get(name).data();
            ByteBuffer bytes = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(data);
            out.write(bytes.array());
        }
    }
}
