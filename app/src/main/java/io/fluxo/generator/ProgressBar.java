package io.fluxo.generator;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Shows a run's progress: on a console, one line redrawn in place with a carriage return; otherwise
 * (a log file, a CI job) a plain line every few seconds so the log is not flooded.
 */
public final class ProgressBar implements ProgressListener {
    static final Duration CONSOLE_INTERVAL = Duration.ofMillis(200);
    static final Duration PLAIN_INTERVAL = Duration.ofSeconds(5);
    private static final int BAR_WIDTH = 30;

    private final PrintWriter out;
    private final boolean console;
    private final String unit;
    private Duration lastDrawn;
    private int lastLength;

    public ProgressBar(PrintWriter out, boolean console, String unit) {
        this.out = requireNonNull(out, "out");
        this.console = console;
        this.unit = requireNonNull(unit, "unit");
    }

    /** A bar on standard error, redrawn in place when a console is attached. */
    public static ProgressBar onStandardError(PrintWriter err, String unit) {
        return new ProgressBar(err, System.console() != null, unit);
    }

    @Override
    public void onProgress(Progress progress) {
        requireNonNull(progress, "progress");
        Duration interval = console ? CONSOLE_INTERVAL : PLAIN_INTERVAL;
        boolean due = lastDrawn == null || progress.elapsed().minus(lastDrawn).compareTo(interval) >= 0;
        if (console) {
            if (due || progress.finished()) {
                String line = render(progress, unit);
                // Pads with spaces so a shorter line fully covers the previous one.
                out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
                lastLength = line.length();
                if (progress.finished()) {
                    out.println();
                }
                out.flush();
                lastDrawn = progress.elapsed();
            }
        } else if (due && !progress.finished()) {
            if (lastDrawn != null) {
                out.println(render(progress, unit).strip());
                out.flush();
            }
            lastDrawn = progress.elapsed();
        }
    }

    /** One line: bar, percentage, count, rate and ETA (or elapsed time when unbounded). */
    static String render(Progress p, String unit) {
        StringBuilder line = new StringBuilder();
        if (p.bounded()) {
            int filled = (int) Math.floor(p.fraction() * BAR_WIDTH);
            line.append('[').append("#".repeat(filled)).append("-".repeat(BAR_WIDTH - filled)).append("] ");
            line.append(String.format(Locale.ROOT, "%3d%%  %,d/%,d %s", (int) Math.floor(p.fraction() * 100), p.done(),
                    p.total(), unit));
        } else {
            line.append(String.format(Locale.ROOT, "%,d %s", p.done(), unit));
        }
        line.append(String.format(Locale.ROOT, "  %,.0f %s/s", p.rate(), unit));
        if (p.bounded() && !p.finished()) {
            // The first events wait for the topics' metadata: an ETA from them would be wildly long.
            boolean settled = p.elapsed().compareTo(Duration.ofSeconds(1)) >= 0;
            line.append("  ETA ").append(settled ? p.eta().map(ProgressBar::clock).orElse("?") : "?");
        } else {
            line.append("  elapsed ").append(clock(p.elapsed()));
        }
        return line.toString();
    }

    /** m:ss, or h:mm:ss from one hour. */
    static String clock(Duration d) {
        long seconds = (d.toMillis() + 999) / 1000;
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
