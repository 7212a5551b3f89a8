package org.affinityensemble.quarkus.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;

/** The single-host API key, compared in constant time. */
public final class ApiKey {

    /** Shorter keys are refused at start: a guessable key is no key. */
    public static final int MIN_LENGTH = 20;

    private final byte[] digest;

    private ApiKey(String key) {
        this.digest = sha256(key);
    }

    /**
     * The key from the configuration: {@code ensemble.auth.api-key}, else the file {@code ensemble.auth.api-key-file}.
     *
     * @throws IllegalStateException naming what to set when there is no usable key
     */
    public static ApiKey from(Optional<String> key, Optional<String> file) {
        String value = key.filter(k -> !k.isBlank()).orElse(null);
        if (value == null && file.isPresent()) {
            Path path = Path.of(file.get());
            try {
                value = Files.readString(path, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the API key file " + path
                        + " (ensemble.auth.api-key-file): " + e.getMessage(), e);
            }
        }
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("no API key: set ENSEMBLE_AUTH_API_KEY or ENSEMBLE_AUTH_API_KEY_FILE "
                    + "(ensemble.auth.api-key / ensemble.auth.api-key-file), or ENSEMBLE_AUTH_MODE=jwt with "
                    + "MP_JWT_VERIFY_PUBLICKEY_LOCATION and MP_JWT_VERIFY_ISSUER");
        }
        if (value.length() < MIN_LENGTH) {
            throw new IllegalStateException("the API key has " + value.length() + " characters; at least "
                    + MIN_LENGTH + " are required");
        }
        return new ApiKey(value);
    }

    /** Whether {@code candidate} is the key; the time taken does not depend on where they differ. */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(digest, sha256(candidate));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
