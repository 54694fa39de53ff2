package org.corridor.solve;

/**
 * Options of one solve. Every solve has an explicit time limit.
 *
 * @param horizonDays      days the plan covers, counted from the scenario's day 0
 * @param riskBudget       hard cap on expected diversion as a share of dispatched tonnes (0..1), or
 *                         {@code null} for no cap (then {@code riskWeight} prices diversion)
 * @param riskWeight       objective weight of one expected diverted tonne, relative to one
 *                         severity-weighted unmet tonne (kept small so coverage always comes first)
 * @param routeRiskCap     no single route may lose more than this share of its cargo (0..1]
 * @param equityFloor      every need location gets at least this share of its weighted need met
 *                         before any gets more (0 = off), as far as feasible
 * @param timeLimitSeconds wall-time limit per stage
 * @param threads          size of the solve's worker pool; 0 = number of cores
 * @param seed             seed for every random choice
 */
public record SolveOptions(int horizonDays, Double riskBudget, double riskWeight, double routeRiskCap,
                           double equityFloor, double timeLimitSeconds, int threads, long seed) {

    public static final SolveOptions DEFAULTS = new SolveOptions(30, null, 0.01, 0.25, 0.0, 60, 0, 4711);

    public SolveOptions {
        if (horizonDays < 1 || horizonDays > 365) throw new IllegalArgumentException("horizonDays must be 1..365");
        if (riskBudget != null && !(riskBudget >= 0 && riskBudget <= 1)) throw new IllegalArgumentException("riskBudget must be in [0, 1]");
        if (!(riskWeight >= 0) || Double.isInfinite(riskWeight)) throw new IllegalArgumentException("riskWeight must be a finite number >= 0");
        if (!(routeRiskCap > 0 && routeRiskCap <= 1)) throw new IllegalArgumentException("routeRiskCap must be in (0, 1]");
        if (!(equityFloor >= 0 && equityFloor <= 1)) throw new IllegalArgumentException("equityFloor must be in [0, 1]");
        if (!(timeLimitSeconds > 0 && timeLimitSeconds <= 3600)) throw new IllegalArgumentException("timeLimitSeconds must be in (0, 3600]");
        if (threads < 0 || threads > 256) throw new IllegalArgumentException("threads must be 0..256 (0 = number of cores)");
    }

    /** Threads actually used: {@code threads}, or the number of cores when it is 0. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
