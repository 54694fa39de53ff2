package org.corridor.scenario;

/**
 * An inclusive range of scenario days; day 0 is the scenario's start date.
 *
 * @param fromDay first day, inclusive
 * @param toDay   last day, inclusive
 */
public record DayWindow(int fromDay, int toDay) {
    /** Every day a plan can cover. */
    public static final DayWindow ALWAYS = new DayWindow(0, 3650);

    public DayWindow {
        Checks.day("window start", fromDay);
        Checks.day("window end", toDay);
        if (toDay < fromDay) throw new IllegalArgumentException("window end " + toDay + " is before its start " + fromDay);
    }

    public boolean contains(int day) { return day >= fromDay && day <= toDay; }

    /** Number of days in [0, horizon) that fall inside this window. */
    public int daysWithin(int horizon) {
        int a = Math.max(0, fromDay), b = Math.min(horizon - 1, toDay);
        return b < a ? 0 : b - a + 1;
    }
}
