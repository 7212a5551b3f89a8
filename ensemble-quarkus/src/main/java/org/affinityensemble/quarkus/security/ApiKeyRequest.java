package org.affinityensemble.quarkus.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A bearer credential to check against the single-host API key. */
public final class ApiKeyRequest extends BaseAuthenticationRequest {

    private final String token;

    public ApiKeyRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
