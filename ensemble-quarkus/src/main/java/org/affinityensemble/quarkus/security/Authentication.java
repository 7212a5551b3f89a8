package org.affinityensemble.quarkus.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Checks at start that the service has what its authentication mode needs, so that a missing secret stops the
 * start with a message instead of leaving the API open or closed by accident.
 */
@Singleton
public class Authentication {

    public static final String API_KEY_MODE = "api-key";
    public static final String JWT_MODE = "jwt";

    @Inject
    AuthConfig config;

    @Inject
    Config allConfig;

    private volatile ApiKey apiKey;

    void check(@Observes StartupEvent started) {
        switch (config.mode()) {
            case API_KEY_MODE -> apiKey = ApiKey.from(config.apiKey(), config.apiKeyFile());
            case JWT_MODE -> {
                if (value("mp.jwt.verify.publickey.location").isEmpty() && value("mp.jwt.verify.publickey").isEmpty()) {
                    throw new IllegalStateException("ENSEMBLE_AUTH_MODE=jwt needs the issuer's public key: set "
                            + "MP_JWT_VERIFY_PUBLICKEY_LOCATION (a PEM/JWK file or the issuer's JWKS URL)");
                }
                if (value("mp.jwt.verify.issuer").isEmpty()) {
                    throw new IllegalStateException("ENSEMBLE_AUTH_MODE=jwt needs MP_JWT_VERIFY_ISSUER");
                }
            }
            default -> throw new IllegalStateException("ensemble.auth.mode (ENSEMBLE_AUTH_MODE) is '" + config.mode()
                    + "'; use api-key or jwt");
        }
    }

    /** Whether the single-host API key is the credential (else bearer JWTs are). */
    public boolean apiKeyMode() {
        return API_KEY_MODE.equals(config.mode());
    }

    /** The API key (only in API-key mode, after start). */
    public ApiKey apiKey() {
        ApiKey key = apiKey;
        if (key == null) {
            key = ApiKey.from(config.apiKey(), config.apiKeyFile());
            apiKey = key;
        }
        return key;
    }

    private Optional<String> value(String name) {
        return allConfig.getOptionalValue(name, String.class).filter(v -> !v.isBlank());
    }
}
