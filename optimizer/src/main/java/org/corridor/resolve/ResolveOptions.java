package org.corridor.resolve;

import org.corridor.convoy.ConvoyScheduler;

/**
 * Options of a re-solve.
 *
 * @param asOfDay         scenario day "now": convoys of the previous plan departing before it have left
 *                        and are kept exactly; no new convoy departs before it
 * @param stabilityWeight objective weight of one tonne of change to a previous route's tonnes, in the
 *                        diversion and cost stages (coverage is still optimised first); 0 = cold
 *                        solve apart from the frozen convoys
 * @param coverageTolerance share of the re-solve's optimal severity-weighted coverage it may give up to keep
 *                        previous routes, 0..0.01 (issue 5 allows 1 %); never below the previous plan's coverage
 *                        where the new version allows that much (so lifting a rule never lowers coverage)
 * @param convoyRemainder how the convoys the re-solve does not keep are scheduled: REPAIR (default: previous convoys
 *                        placed again where they still fit, the rest greedily, no CP-SAT; fast) or OPTIMISE (CP-SAT
 *                        per agency with a share of the cold work limit; slower, 6-8 % more weighted tonnes on the
 *                        re-scheduled part on the Afghanistan scenario); see {@link ConvoyScheduler.Remainder}
 */
public record ResolveOptions(int asOfDay, double stabilityWeight, double coverageTolerance, ConvoyScheduler.Remainder convoyRemainder) {
    /** Default {@link #coverageTolerance}: half of the 1 % the issue allows. */
    public static final double DEFAULT_COVERAGE_TOLERANCE = 0.005;
    /**
     * Nothing has left yet; one tonne of change weighs as much as one expected diverted tonne; up to 0.5 % of
     * coverage may be given up for stability.
     */
    public static final ResolveOptions DEFAULTS = new ResolveOptions(0, 1.0, DEFAULT_COVERAGE_TOLERANCE, ConvoyScheduler.Remainder.REPAIR);

    public ResolveOptions {
        if (asOfDay < 0 || asOfDay > 3650) throw new IllegalArgumentException("asOfDay must be 0..3650");
        if (!(stabilityWeight >= 0 && stabilityWeight <= 1e6)) throw new IllegalArgumentException("stabilityWeight must be in [0, 1e6]");
        if (!(coverageTolerance >= 0 && coverageTolerance <= 0.01))
            throw new IllegalArgumentException("coverageTolerance must be in [0, 0.01] (a share of coverage, not a percentage)");
        if (convoyRemainder == null) throw new IllegalArgumentException("convoyRemainder must be REPAIR or OPTIMISE");
    }

    /** Convoys repaired ({@link ConvoyScheduler.Remainder#REPAIR}). */
    public ResolveOptions(int asOfDay, double stabilityWeight, double coverageTolerance) {
        this(asOfDay, stabilityWeight, coverageTolerance, ConvoyScheduler.Remainder.REPAIR);
    }

    /** The default coverage tolerance; convoys repaired. */
    public ResolveOptions(int asOfDay, double stabilityWeight) { this(asOfDay, stabilityWeight, DEFAULT_COVERAGE_TOLERANCE); }

    /** These options with another way of scheduling the convoys not kept. */
    public ResolveOptions withConvoyRemainder(ConvoyScheduler.Remainder remainder) {
        return new ResolveOptions(asOfDay, stabilityWeight, coverageTolerance, remainder);
    }
}
