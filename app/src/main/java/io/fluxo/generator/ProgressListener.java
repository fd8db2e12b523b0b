package io.fluxo.generator;

/** Told how a generator run is going, at most a few times per second and once when it ends. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = progress -> {
    };

    void onProgress(Progress progress);
}
