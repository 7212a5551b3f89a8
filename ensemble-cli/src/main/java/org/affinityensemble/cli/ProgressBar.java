package org.affinityensemble.cli;

import java.io.PrintStream;

/** A one-line progress bar on a terminal stream, redrawn at most every 100 ms. */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final long total;
    private long lastDraw;

    ProgressBar(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, total);
    }

    void update(long done) {
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        int filled = (int) (WIDTH * Math.min(done, total) / total);
        out.print("\r" + label + " [" + "=".repeat(filled) + (filled < WIDTH ? ">" : "")
                + " ".repeat(Math.max(0, WIDTH - filled - 1)) + "] " + done + "/" + total);
        if (done >= total) {
            out.println();
        }
        out.flush();
    }
}
