package org.affinityensemble.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The single-host API key (ADR 0090): {@code bin/ensemble up} creates it once in the data directory (mode 600),
 * passes its file to the services (ENSEMBLE_AUTH_API_KEY_FILE), and every command that calls a service sends it.
 */
public final class ApiKeys {

    /** The key the services' tests run with (set by {@link DevStackTestResource} and {@link InMemoryChannels}). */
    public static final String TEST_KEY = "test-only-api-key-0123456789";

    /** The header value that carries a key. */
    public static String bearer(String key) {
        return "Bearer " + key;
    }

    private ApiKeys() {
    }

    /** The key file in a data directory. */
    public static Path file(Path dataDir) {
        return dataDir.resolve("api-key");
    }

    /** A new random key (32 bytes, base64url). */
    public static String generate() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The key in {@code file}, created (32 random bytes, owner-only) if there is none yet. */
    public static String createOrRead(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                String key = generate();
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
                } catch (FileAlreadyExistsException raced) {
                    // another command created it first: read theirs
                }
            }
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the API key file " + file, e);
        }
    }

    /**
     * The key a command sends: ENSEMBLE_API_KEY if set, else the file {@code bin/ensemble up} created.
     *
     * @throws IllegalStateException when there is neither
     */
    public static String forClient(Path dataDir) {
        String configured = System.getenv("ENSEMBLE_API_KEY");
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        Path file = file(dataDir);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no API key: " + file + " is missing (bin/ensemble up creates it) and "
                    + "ENSEMBLE_API_KEY is not set");
        }
        return read(file);
    }

    /** The key in an existing file. */
    public static String read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no API key: " + file + " is missing");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API key file " + file, e);
        }
    }
}
