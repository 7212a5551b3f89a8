package org.affinityensemble.events;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/** Float vectors on the wire: little-endian IEEE-754 float32, base64 (a 400-d gradient is 2,136 characters). */
public final class Vectors {

    private Vectors() {
    }

    public static String encode(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    public static float[] decode(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("vector is not valid base64", e);
        }
        InvalidEventException.require(bytes.length % Float.BYTES == 0, "vector length is not a multiple of 4 bytes");
        float[] values = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }
}
