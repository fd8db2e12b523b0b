package io.fluxo.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * Peak heap use of this JVM (Spark's driver and, in local mode, its executors) over one step: the sum of
 * the heap pools' peaks since {@link #reset()}. The pools may peak at different moments, so the sum is an
 * upper bound of the true peak — never an underestimate, unlike sampling.
 */
final class HeapMeter {
    private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP && p.isValid()).toList();

    void reset() {
        for (MemoryPoolMXBean pool : pools) {
            pool.resetPeakUsage();
        }
    }

    long peakBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : pools) {
            var peak = pool.getPeakUsage();
            if (peak != null) {
                sum += peak.getUsed();
            }
        }
        return sum;
    }
}
