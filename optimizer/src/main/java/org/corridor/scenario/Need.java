package org.corridor.scenario;

/**
 * Tonnes of one commodity needed at one location by a deadline, with an IPC-like severity phase.
 *
 * @param location   where the need is (province or district centre)
 * @param commodity  what is needed
 * @param tonnes     how much
 * @param phase      IPC-like phase 3 (crisis), 4 (emergency) or 5 (catastrophe)
 * @param latestDay  last scenario day on which a delivery is still useful
 * @param people     people the need represents (for "people reached")
 */
public record Need(String location, String commodity, double tonnes, int phase, int latestDay, long people) {
    public Need {
        Checks.id("need location", location);
        Checks.id("need commodity", commodity);
        Checks.nonNegative("need tonnes", tonnes);
        if (phase < 3 || phase > 5) throw new IllegalArgumentException("phase of need must be 3, 4 or 5 (got " + phase + ")");
        Checks.day("need latest day", latestDay);
        if (people < 0) throw new IllegalArgumentException("people of need must be >= 0");
    }

    /**
     * Weight of one unmet tonne in the objective: phase 3 = 1, 4 = 3, 5 = 9. Each phase up is three
     * times as grave, so the LP never trades a catastrophe tonne for two crisis tonnes.
     */
    public double severityWeight() {
        return switch (phase) { case 5 -> 9.0; case 4 -> 3.0; default -> 1.0; };
    }
}
