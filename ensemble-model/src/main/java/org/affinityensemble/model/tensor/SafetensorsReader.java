package org.affinityensemble.model.tensor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian header
 * length N, N bytes of UTF-8 JSON mapping each tensor name to {@code dtype}, {@code shape} and
 * {@code data_offsets} (relative to the data section) plus an optional {@code __metadata__} string map, then
 * the data section, which the tensors must cover exactly, without holes or overlaps. F32 is read as is;
 * F64, F16 and BF16 are converted to float32 so that models saved in half precision load too.
 */
public final class SafetensorsReader {

    /** The format's own upper bound on the header size. */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsReader() {
    }

    public static SafetensorsFile read(InputStream in) throws IOException {
        return read(in.readAllBytes());
    }

    public static SafetensorsFile read(byte[] file) throws IOException {
        if (file.length < 8) {
            throw new IOException("safetensors file is shorter than its 8-byte header length");
        }
        ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buffer.getLong(0);
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > file.length) {
            throw new IOException("safetensors header length " + headerLength + " is invalid for a file of "
                    + file.length + " bytes");
        }
        int dataStart = (int) (8 + headerLength);
        if (file[8] != '{') {
            throw new IOException("safetensors header does not start with '{'");
        }
        JsonNode header = JSON.readTree(new String(file, 8, (int) headerLength, StandardCharsets.UTF_8));
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("__metadata__")) {
                field.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
            } else {
                entries.add(Entry.parse(field.getKey(), field.getValue()));
            }
        }
        checkCoverage(entries, file.length - dataStart);
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        for (Entry entry : entries) {
            tensors.put(entry.name, entry.decode(buffer, dataStart));
        }
        return new SafetensorsFile(tensors, metadata);
    }

    private static void checkCoverage(List<Entry> entries, long dataLength) throws IOException {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(e -> e.begin));
        long expected = 0;
        for (Entry entry : byOffset) {
            if (entry.begin != expected) {
                throw new IOException("tensor '" + entry.name + "' starts at " + entry.begin + ", expected "
                        + expected + " (holes and overlaps are not allowed)");
            }
            expected = entry.end;
        }
        if (expected != dataLength) {
            throw new IOException("tensors cover " + expected + " bytes of a data section of " + dataLength);
        }
    }

    /** One header entry: the tensor's name, element type, shape and byte range in the data section. */
    private record Entry(String name, String dtype, long[] shape, long begin, long end) {

        static Entry parse(String name, JsonNode node) throws IOException {
            JsonNode offsets = node.get("data_offsets");
            JsonNode shapeNode = node.get("shape");
            if (!node.hasNonNull("dtype") || offsets == null || offsets.size() != 2 || shapeNode == null) {
                throw new IOException("tensor '" + name + "' lacks dtype, shape or data_offsets");
            }
            long[] shape = new long[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asLong();
            }
            Entry entry = new Entry(name, node.get("dtype").asText(), shape, offsets.get(0).asLong(),
                    offsets.get(1).asLong());
            long expectedBytes = HostTensor.elementCount(shape) * bytesPerElement(entry.dtype, name);
            if (entry.end < entry.begin || entry.end - entry.begin != expectedBytes) {
                throw new IOException("tensor '" + name + "' spans " + (entry.end - entry.begin)
                        + " bytes, its dtype and shape need " + expectedBytes);
            }
            return entry;
        }

        HostTensor decode(ByteBuffer file, int dataStart) {
            int count = (int) HostTensor.elementCount(shape);
            float[] values = new float[count];
            int position = (int) (dataStart + begin);
            switch (dtype) {
                case "F32" -> file.slice(position, count * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
                case "F64" -> {
                    for (int i = 0; i < count; i++) {
                        values[i] = (float) file.getDouble(position + 8 * i);
                    }
                }
                case "F16" -> {
                    for (int i = 0; i < count; i++) {
                        values[i] = halfToFloat(file.getShort(position + 2 * i));
                    }
                }
                case "BF16" -> {
                    for (int i = 0; i < count; i++) {
                        values[i] = Float.intBitsToFloat((file.getShort(position + 2 * i) & 0xffff) << 16);
                    }
                }
                default -> throw new IllegalStateException("unreachable dtype " + dtype);
            }
            return new HostTensor(shape, values);
        }

        /** IEEE-754 binary16 to float32 (Java 17 has no Float.float16ToFloat). */
        static float halfToFloat(short half) {
            int bits = half & 0xffff;
            int sign = (bits & 0x8000) << 16;
            int exponent = (bits >>> 10) & 0x1f;
            int mantissa = bits & 0x3ff;
            if (exponent == 0x1f) {
                return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
            }
            if (exponent == 0) {
                float subnormal = mantissa * 0x1p-24f;
                return sign == 0 ? subnormal : -subnormal;
            }
            return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
        }

        private static int bytesPerElement(String dtype, String name) throws IOException {
            return switch (dtype) {
                case "F32" -> 4;
                case "F64" -> 8;
                case "F16", "BF16" -> 2;
                default -> throw new IOException("tensor '" + name + "' has unsupported dtype " + dtype
                        + " (F32, F64, F16 and BF16 are read)");
            };
        }
    }
}
