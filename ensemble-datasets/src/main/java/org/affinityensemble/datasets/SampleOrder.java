package org.affinityensemble.datasets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The seeded pseudo-random order used to split and to sample: ids are ranked by the first eight bytes
 * (big-endian, unsigned) of SHA-256 over the UTF-8 bytes of {@code seed + ":" + sampleId}, ties broken by the
 * id. It depends only on the seed and the id, never on input order or on the JVM, so any other language can
 * reproduce a split.
 */
final class SampleOrder {

    private SampleOrder() {
    }

    /** The rank of one sample id under a seed, to be compared unsigned. */
    static long rank(long seed, String sampleId) {
        return rank(sha256(), seed, sampleId);
    }

    /** The ids in seeded order. */
    static List<String> sorted(long seed, Collection<String> ids) {
        MessageDigest digest = sha256();
        return ids.stream()
                .map(id -> Map.entry(id, rank(digest, seed, id)))
                .sorted(Comparator.<Map.Entry<String, Long>, Long>comparing(Map.Entry::getValue, Long::compareUnsigned)
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey)
                .toList();
    }

    private static long rank(MessageDigest digest, long seed, String sampleId) {
        byte[] hash = digest.digest((seed + ":" + sampleId).getBytes(StandardCharsets.UTF_8));
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            value = (value << 8) | (hash[i] & 0xFF);
        }
        return value;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
