package org.affinityensemble.datasets;

/** A row of a user's file that was skipped, with its (first) line number and the reason. */
public record RowProblem(long line, String reason) {

    @Override
    public String toString() {
        return "line " + line + ": " + reason;
    }
}
