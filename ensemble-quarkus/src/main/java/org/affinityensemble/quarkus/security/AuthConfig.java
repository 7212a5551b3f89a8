package org.affinityensemble.quarkus.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Who may call a service's HTTP API ({@code ensemble.auth.*}, or ENSEMBLE_AUTH_* in the environment), ADR 0090.
 * {@code api-key} (one host): one key, from {@code api-key} or the file {@code api-key-file}, sent as
 * {@code Authorization: Bearer <key>}, grants every scope. {@code jwt} (clusters): bearer JWTs checked by
 * SmallRye JWT against {@code mp.jwt.verify.publickey.location} and {@code mp.jwt.verify.issuer}; the token's
 * {@code scope} claim names its scopes ({@link Scopes}). Nothing has a default secret: a service without one
 * does not start.
 */
@ConfigMapping(prefix = "ensemble.auth")
public interface AuthConfig {

    /** {@code api-key} or {@code jwt}. */
    @WithDefault("api-key")
    String mode();

    /** The API key itself (ENSEMBLE_AUTH_API_KEY). */
    Optional<String> apiKey();

    /** A file holding the API key (ENSEMBLE_AUTH_API_KEY_FILE), for example a mounted Secret. */
    Optional<String> apiKeyFile();
}
