package org.corridor.convoy;

import org.corridor.network.CompiledNetwork;

/**
 * Settings of the convoy stage that are not part of {@link org.corridor.solve.SolveOptions}.
 *
 * @param dailyDrivingHours hours a convoy drives per day (daylight movement only: convoys do not drive
 *                          at night), in (0, 24]
 * @param loadingDays       days a truck spends loading and unloading per round trip, 0..10
 * @param deterministic     true: each agency's CP-SAT model runs one interleaved worker and stops on
 *                          {@code workLimit}, so the same inputs give the same convoys whatever the thread
 *                          count (threads then solve agencies side by side; the wall clock only stops a
 *                          runaway, at 10x the stage's time limit, and the plan says if it did); false:
 *                          the free parallel portfolio under the stage's time limit, not reproducible.
 *                          The plan records which mode ran.
 * @param workLimit         deterministic mode's budget per agency model, in CP-SAT deterministic seconds
 *                          (a measure of work, not of time), in (0, 600]
 */
public record ConvoyOptions(double dailyDrivingHours, int loadingDays, boolean deterministic, double workLimit) {

    /**
     * The allocation's daylight driving day ({@link CompiledNetwork#DRIVING_HOURS_PER_DAY} hours), one day
     * of loading, deterministic search with 0.2 deterministic seconds of work per agency model.
     */
    public static final ConvoyOptions DEFAULTS = new ConvoyOptions(CompiledNetwork.DRIVING_HOURS_PER_DAY, 1, true, 0.2);

    public ConvoyOptions {
        if (!(dailyDrivingHours > 0 && dailyDrivingHours <= 24))
            throw new IllegalArgumentException("dailyDrivingHours must be in (0, 24] (got " + dailyDrivingHours + ")");
        if (loadingDays < 0 || loadingDays > 10)
            throw new IllegalArgumentException("loadingDays must be 0..10 (got " + loadingDays + ")");
        if (!(workLimit > 0 && workLimit <= 600))
            throw new IllegalArgumentException("workLimit must be in (0, 600] deterministic seconds (got " + workLimit + ")");
    }
}
