package org.corridor.convoy;

/**
 * Settings of the convoy stage that are not part of {@link org.corridor.solve.SolveOptions}.
 *
 * @param dailyDrivingHours hours a convoy drives per day (daylight movement only: convoys do not drive
 *                          at night), in (0, 24]
 * @param loadingDays       days a truck spends loading and unloading per round trip, 0..10
 * @param deterministic     true: CP-SAT interleaves its search deterministically and stops on a work
 *                          (deterministic-time) limit, so the same inputs give the same convoys whatever
 *                          the thread count; false: the free parallel portfolio, faster but not
 *                          reproducible. The plan records which mode ran.
 */
public record ConvoyOptions(double dailyDrivingHours, int loadingDays, boolean deterministic) {

    /** Ten hours of daylight driving, one day of loading, deterministic search. */
    public static final ConvoyOptions DEFAULTS = new ConvoyOptions(10, 1, true);

    public ConvoyOptions {
        if (!(dailyDrivingHours > 0 && dailyDrivingHours <= 24))
            throw new IllegalArgumentException("dailyDrivingHours must be in (0, 24] (got " + dailyDrivingHours + ")");
        if (loadingDays < 0 || loadingDays > 10)
            throw new IllegalArgumentException("loadingDays must be 0..10 (got " + loadingDays + ")");
    }
}
