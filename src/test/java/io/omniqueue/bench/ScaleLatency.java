package io.omniqueue.bench;

import java.util.Arrays;

/** Latencies of repeated calls, in milliseconds, after a warm-up whose calls are not counted. */
record ScaleLatency(double p50, double p99, double max, int samples) {

    interface Call {
        void run() throws Exception;
    }

    static ScaleLatency of(int warmUp, int samples, Call call) throws Exception {
        for (int i = 0; i < warmUp; i++) {
            call.run();
        }
        double[] ms = new double[samples];
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            call.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return new ScaleLatency(at(ms, 0.50), at(ms, 0.99), ms[samples - 1], samples);
    }

    /** Nearest-rank percentile. */
    private static double at(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
