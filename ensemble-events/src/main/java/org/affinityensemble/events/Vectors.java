package org.affinityensemble.events;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/** Float vectors on the wire: little-endian IEEE-754 float32, base64 (a 400-d gradient is 2,136 characters). */
public final class Vectors {

    private Vectors() {
    }

    public static String encode(float[] values) {
        return Base64.getEncoder().encodeToString(toBytes(values));
    }

    /** @throws InvalidEventException when the text is not base64 of whole float32 values */
    public static float[] decode(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("vector is not valid base64", e);
        }
        InvalidEventException.require(bytes.length % Float.BYTES == 0, "vector length is not a multiple of 4 bytes");
        return fromBytes(bytes);
    }

    /** The little-endian float32 bytes of a vector (as stored, without base64). */
    public static byte[] toBytes(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }

    /** A vector from its little-endian float32 bytes (a trailing partial value is ignored). */
    public static float[] fromBytes(byte[] bytes) {
        float[] values = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }
}
