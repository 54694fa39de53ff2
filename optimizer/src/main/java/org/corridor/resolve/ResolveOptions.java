package org.corridor.resolve;

/**
 * Options of a re-solve.
 *
 * @param asOfDay         scenario day "now": convoys of the previous plan departing before it have left
 *                        and are kept exactly; no new convoy departs before it
 * @param stabilityWeight objective weight of one tonne of change to a previous route's tonnes, in the
 *                        diversion and cost stages (coverage is still optimised first); 0 = cold
 *                        solve apart from the frozen convoys
 */
public record ResolveOptions(int asOfDay, double stabilityWeight) {
    /** Nothing has left yet; one tonne of change weighs as much as one expected diverted tonne. */
    public static final ResolveOptions DEFAULTS = new ResolveOptions(0, 1.0);

    public ResolveOptions {
        if (asOfDay < 0 || asOfDay > 3650) throw new IllegalArgumentException("asOfDay must be 0..3650");
        if (!(stabilityWeight >= 0 && stabilityWeight <= 1e6)) throw new IllegalArgumentException("stabilityWeight must be in [0, 1e6]");
    }
}
