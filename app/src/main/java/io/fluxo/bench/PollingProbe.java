package io.fluxo.bench;

import java.time.Duration;

/**
 * A probe that polls a sink on a daemon thread every {@code every} while a pipeline writes it, keeping the
 * last error and how many polls in a row failed, so the bench can give up on a sink that stays unreadable.
 */
public abstract class PollingProbe implements AutoCloseable {
    private final Duration every;
    private volatile boolean running;
    private volatile Exception lastError;
    private volatile int consecutiveErrors;
    private Thread thread;

    protected PollingProbe(Duration every) {
        this.every = every;
    }

    /** One look at the sink; runs on the probe's thread only. */
    protected abstract void poll() throws Exception;

    /** After a failed poll, and once when the thread ends: drop what a failure may have broken. */
    protected void reset() {
    }

    public void start() {
        running = true;
        thread = new Thread(this::loop, "fluxo-bench-freshness");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            long started = System.nanoTime();
            try {
                poll();
                consecutiveErrors = 0;
            } catch (Exception e) {
                lastError = e;
                consecutiveErrors++;
                reset();
            }
            long sleep = every.toMillis() - (System.nanoTime() - started) / 1_000_000;
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep);
                } catch (InterruptedException e) {
                    break;
                }
            }
        }
        reset();
    }

    public int consecutiveErrors() {
        return consecutiveErrors;
    }

    public Exception lastError() {
        return lastError;
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
