package org.affinityensemble.datasets.convert;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads a dictd dictionary: {@code name.index} lists {@code headword TAB offset TAB length}, offset and
 * length in dictd's base-64 digits, pointing into the uncompressed {@code name.dict.dz} (dictzip is gzip
 * with an extra header field, so plain gzip reads it). Several headwords may point at one entry; each entry
 * is returned once, in the order of its offset.
 */
public final class DictdDictionary {

    private static final String DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private DictdDictionary() {
    }

    /** The text of every entry, keyed by its byte offset in the uncompressed dictionary, in offset order. */
    public static List<String> entries(Path index, Path compressedDictionary) throws IOException {
        byte[] dictionary;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(compressedDictionary))) {
            dictionary = in.readAllBytes();
        }
        Map<Long, Long> lengthByOffset = new LinkedHashMap<>();
        for (String line : Files.readAllLines(index, StandardCharsets.UTF_8)) {
            String[] fields = line.split("\t");
            if (fields.length != 3) {
                throw new IOException(index + ": not a dictd index line: " + line);
            }
            lengthByOffset.putIfAbsent(decode(fields[1]), decode(fields[2]));
        }
        List<String> entries = new ArrayList<>();
        lengthByOffset.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            int offset = Math.toIntExact(entry.getKey());
            int length = Math.toIntExact(entry.getValue());
            if (offset + length > dictionary.length) {
                throw new IllegalArgumentException("index points past the end of " + compressedDictionary);
            }
            entries.add(new String(dictionary, offset, length, StandardCharsets.UTF_8));
        });
        return entries;
    }

    /** A number in dictd's base-64 digits. */
    static long decode(String digits) {
        long value = 0;
        for (char c : digits.toCharArray()) {
            int digit = DIGITS.indexOf(c);
            if (digit < 0) {
                throw new IllegalArgumentException("not a dictd base-64 number: " + digits);
            }
            value = value * 64 + digit;
        }
        return value;
    }
}
