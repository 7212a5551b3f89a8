package org.affinityensemble.model.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The safetensors reader and writer against hand-made files laid out as the format specifies: u64 little-endian
 * header length N, N bytes of JSON header, then the little-endian data section covered exactly by the tensors'
 * {@code data_offsets}.
 */
class SafetensorsTest {

    @Test
    void writerProducesExactlyTheSpecifiedBytes() {
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[8,12]}}";
        int padded = (header.length() + 7) / 8 * 8;
        byte[] data = {
            0x00, 0x00, (byte) 0x80, 0x3f, // a[0] = 1.0f
            0x00, 0x00, 0x00, (byte) 0xc0, // a[1] = -2.0f
            0x00, 0x00, 0x00, 0x3f, // b[0][0] = 0.5f
        };
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
        expected.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        expected.writeBytes(" ".repeat(padded - header.length()).getBytes(StandardCharsets.US_ASCII));
        expected.writeBytes(data);

        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put("b", new HostTensor(new long[] {1, 1}, new float[] {0.5f}));
        tensors.put("a", new HostTensor(new long[] {2}, new float[] {1f, -2f}));
        byte[] written = SafetensorsWriter.toBytes(tensors, Map.of("format", "pt"));

        assertThat(written).isEqualTo(expected.toByteArray());
        assertThat((8 + padded) % 8).isZero();
    }

    @Test
    void readerDecodesAHandMadeFileWithHalfPrecisionTensorsInAnyHeaderOrder() throws IOException {
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[4,8]},"
                + "\"z\":{\"dtype\":\"BF16\",\"shape\":[2,1],\"data_offsets\":[0,4]}}";
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length()).array());
        file.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        file.writeBytes(new byte[] {
            0x40, 0x40, (byte) 0x80, (byte) 0xbf, // z = [3.0, -1.0] as bfloat16 0x4040, 0xbf80
            0x00, 0x3e, 0x00, (byte) 0xb4, // h = [1.5, -0.25] as float16 0x3e00, 0xb400
        });

        SafetensorsFile read = SafetensorsReader.read(file.toByteArray());

        assertThat(read.tensors().keySet()).containsExactly("h", "z");
        assertThat(read.require("h")).isEqualTo(new HostTensor(new long[] {2}, new float[] {1.5f, -0.25f}));
        assertThat(read.require("z")).isEqualTo(new HostTensor(new long[] {2, 1}, new float[] {3f, -1f}));
        assertThat(read.metadata()).isEmpty();
    }

    @Test
    void roundTripKeepsEveryValueAndTheMetadata() throws IOException {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put("x.weight", new HostTensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, Float.MIN_VALUE}));
        tensors.put("scalar", new HostTensor(new long[] {}, new float[] {-0f}));
        SafetensorsFile read = SafetensorsReader.read(SafetensorsWriter.toBytes(tensors, Map.of("k", "v")));
        assertThat(read.tensors()).isEqualTo(tensors);
        assertThat(read.metadata()).containsExactly(Map.entry("k", "v"));
    }

    @Test
    void malformedFilesAreRejected() {
        byte[] good = SafetensorsWriter.toBytes(
                Map.of("a", new HostTensor(new long[] {2}, new float[] {1, 2})), Map.of());
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 1);
        assertThatThrownBy(() -> SafetensorsReader.read(truncated)).hasMessageContaining("cover");

        byte[] hugeHeader = good.clone();
        hugeHeader[7] = 0x7f;
        assertThatThrownBy(() -> SafetensorsReader.read(hugeHeader)).hasMessageContaining("header length");

        String holey = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(holey.length()).array());
        file.writeBytes(holey.getBytes(StandardCharsets.US_ASCII));
        file.writeBytes(new byte[8]);
        assertThatThrownBy(() -> SafetensorsReader.read(file.toByteArray())).hasMessageContaining("holes");
    }
}
