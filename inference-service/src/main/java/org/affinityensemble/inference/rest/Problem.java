package org.affinityensemble.inference.rest;

/** An RFC 7807 problem document ({@code application/problem+json}): what went wrong, for the caller. */
public record Problem(String type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail);
    }
}
