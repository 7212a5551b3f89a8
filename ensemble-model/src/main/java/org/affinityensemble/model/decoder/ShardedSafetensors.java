package org.affinityensemble.model.decoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The weights of a Hugging Face model directory without reading whole files onto the Java heap: either one
 * {@code model.safetensors}, or the shards that {@code model.safetensors.index.json}'s {@code weight_map} names.
 * Each tensor is memory-mapped on its own (a file may exceed 2 GiB; a tensor may not), so a multi-GB checkpoint
 * costs no heap. The header of each file is parsed as the format defines it: an 8-byte little-endian length, a JSON
 * object of {@code dtype}, {@code shape} and {@code data_offsets} relative to the data section.
 */
public final class ShardedSafetensors {

    public static final String SINGLE = "model.safetensors";
    public static final String INDEX = "model.safetensors.index.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A stored tensor: its dtype ({@code F32}, {@code F16}, {@code BF16}, {@code F64}), shape and bytes. */
    public record Entry(String dtype, long[] shape, Path file, long offset, long length) {

        /** The tensor's bytes, little-endian, mapped read-only. */
        public ByteBuffer map() throws IOException {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                return channel.map(FileChannel.MapMode.READ_ONLY, offset, length).order(ByteOrder.LITTLE_ENDIAN);
            }
        }
    }

    private final Map<String, Entry> entries;

    private ShardedSafetensors(Map<String, Entry> entries) {
        this.entries = entries;
    }

    /** The tensors of a model directory (single file or index with shards). */
    public static ShardedSafetensors open(Path directory) throws IOException {
        Path single = directory.resolve(SINGLE);
        Path index = directory.resolve(INDEX);
        Map<String, Entry> entries = new LinkedHashMap<>();
        if (Files.exists(index)) {
            JsonNode weightMap = JSON.readTree(Files.readAllBytes(index)).path("weight_map");
            if (!weightMap.isObject() || weightMap.size() == 0) {
                throw new IOException(index + " has no weight_map");
            }
            TreeSet<String> files = new TreeSet<>();
            weightMap.fields().forEachRemaining(field -> files.add(field.getValue().asText()));
            for (String file : files) {
                if (file.contains("/") || file.contains("\\")) {
                    throw new IOException("shard name '" + file + "' leaves the model directory");
                }
                readHeader(directory.resolve(file), entries);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = weightMap.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                Entry entry = entries.get(field.getKey());
                if (entry == null || !entry.file().getFileName().toString().equals(field.getValue().asText())) {
                    throw new IOException("the index puts " + field.getKey() + " in " + field.getValue().asText()
                            + ", which does not hold it");
                }
            }
        } else if (Files.exists(single)) {
            readHeader(single, entries);
        } else {
            throw new IOException(directory + " has neither " + SINGLE + " nor " + INDEX);
        }
        return new ShardedSafetensors(entries);
    }

    public Map<String, Entry> entries() {
        return entries;
    }

    public Entry get(String name) {
        return entries.get(name);
    }

    private static void readHeader(Path file, Map<String, Entry> into) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            if (size < 8 || channel.read(lengthBytes, 0) != 8) {
                throw new IOException(file + " is too short for a safetensors file");
            }
            long headerLength = lengthBytes.getLong(0);
            if (headerLength < 2 || headerLength > 100L * 1024 * 1024 || 8 + headerLength > size) {
                throw new IOException(file + ": invalid safetensors header length " + headerLength);
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            while (header.hasRemaining() && channel.read(header, 8 + header.position()) > 0) {
                // read fully
            }
            long dataStart = 8 + headerLength;
            JsonNode json = JSON.readTree(new String(header.array(), StandardCharsets.UTF_8));
            for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().equals("__metadata__")) {
                    continue;
                }
                JsonNode node = field.getValue();
                String dtype = node.path("dtype").asText();
                int width = switch (dtype) {
                    case "F32" -> 4;
                    case "F16", "BF16" -> 2;
                    case "F64" -> 8;
                    default -> throw new IOException(field.getKey() + " has unsupported dtype " + dtype);
                };
                long[] shape = new long[node.path("shape").size()];
                long count = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = node.path("shape").get(i).asLong();
                    count *= shape[i];
                }
                long begin = node.path("data_offsets").get(0).asLong();
                long end = node.path("data_offsets").get(1).asLong();
                if (begin < 0 || end - begin != count * width || dataStart + end > size) {
                    throw new IOException(field.getKey() + " in " + file + " has inconsistent data offsets");
                }
                if (into.put(field.getKey(), new Entry(dtype, shape, file, dataStart + begin, end - begin)) != null) {
                    throw new IOException(field.getKey() + " is stored twice");
                }
            }
        }
    }
}
