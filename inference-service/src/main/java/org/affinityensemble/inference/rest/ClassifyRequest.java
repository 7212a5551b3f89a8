package org.affinityensemble.inference.rest;

import java.util.List;

/**
 * The body of {@code POST /v1/classify}: a task id, one or more texts, optionally the mode ({@code output} or
 * {@code merged}; absent: the configured default) and {@code explain} (each adapter's contribution).
 */
public record ClassifyRequest(String task, List<String> texts, String mode, Boolean explain) {
}
