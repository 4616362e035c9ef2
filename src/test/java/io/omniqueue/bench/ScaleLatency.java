package io.omniqueue.bench;

import java.util.Arrays;

/** Latencies of repeated calls, in milliseconds, after a warm-up whose calls are not counted. */
record ScaleLatency(double p50, double p99, double max, int samples) {

    interface Call {
        void run() throws Exception;
    }

    /** A path through the API and its limit, measured in the same rounds. */
    record Pair(ScaleLatency api, ScaleLatency limit) {
    }

    static ScaleLatency of(int warmUp, int samples, Call call) throws Exception {
        for (int i = 0; i < warmUp; i++) {
            call.run();
        }
        double[] ms = new double[samples];
        for (int i = 0; i < samples; i++) {
            ms[i] = time(call);
        }
        return of(ms);
    }

    /**
     * Both calls in every round, taking turns at going first: a busy spell of the machine (other
     * processes, the bench's own GC, a background job of the service) falls on both sides alike
     * instead of on whichever happened to be measured at that moment.
     */
    static Pair interleaved(int warmUp, int samples, Call api, Call limit) throws Exception {
        for (int i = 0; i < warmUp; i++) {
            api.run();
            limit.run();
        }
        double[] apiMs = new double[samples];
        double[] limitMs = new double[samples];
        for (int i = 0; i < samples; i++) {
            if (i % 2 == 0) {
                apiMs[i] = time(api);
                limitMs[i] = time(limit);
            } else {
                limitMs[i] = time(limit);
                apiMs[i] = time(api);
            }
        }
        return new Pair(of(apiMs), of(limitMs));
    }

    private static double time(Call call) throws Exception {
        long start = System.nanoTime();
        call.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private static ScaleLatency of(double[] ms) {
        Arrays.sort(ms);
        return new ScaleLatency(at(ms, 0.50), at(ms, 0.99), ms[ms.length - 1], ms.length);
    }

    /** Nearest-rank percentile. */
    private static double at(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
