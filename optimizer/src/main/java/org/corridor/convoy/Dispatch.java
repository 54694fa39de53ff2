package org.corridor.convoy;

import java.util.List;
import java.util.Map;
import org.corridor.plan.Plan;

/**
 * The orders of one field team (one agency at one hub), as sent to it: its own convoys only, each with
 * ordered legs, checkpoints and notes, manifest, departure day and window, and expected diversion.
 * A wire format (compact JSON, {@code data/schemas/dispatch.schema.json}); it never carries another
 * team's convoys or routes, nor coordinates. Built by {@link Dispatches}.
 *
 * @param sensitivity          always {@link #SENSITIVITY}: operational data that endangers staff and cargo if leaked
 * @param changesSincePrevious what changed for this team since the previous plan version (empty for a first version)
 */
public record Dispatch(String planId, int planVersion, String sensitivity, String team, String agency, String hub,
                       List<ConvoyOrder> convoys, List<Change> changesSincePrevious) {

    /** The only sensitivity label a dispatch carries. */
    public static final String SENSITIVITY = "HIGH";

    public Dispatch {
        if (!SENSITIVITY.equals(sensitivity)) throw new IllegalArgumentException("a dispatch is labelled " + SENSITIVITY);
        if (!Plan.teamId(agency, hub).equals(team)) throw new IllegalArgumentException("team of a dispatch must be " + Plan.teamId(agency, hub));
        convoys = List.copyOf(convoys);
        changesSincePrevious = changesSincePrevious == null ? List.of() : List.copyOf(changesSincePrevious);
    }

    /**
     * One convoy to run.
     *
     * @param trucks   vehicle type -> number of trucks
     * @param manifest commodity -> tonnes to load
     * @param legs     the roads to drive, in order
     */
    public record ConvoyOrder(String id, String route, String origin, String originName, String destination,
                              String destinationName, int departureDay, DepartureWindow departureWindow, int arrivalDay,
                              int trucksReturnByDay, Map<String, Integer> trucks, Map<String, Double> manifest,
                              double expectedDiversionTonnes, List<Leg> legs) {
        public ConvoyOrder {
            trucks = Map.copyOf(trucks);
            manifest = Map.copyOf(manifest);
            legs = List.copyOf(legs);
        }
    }

    /**
     * When to leave on the departure day, local time: daylight driving starts at {@code earliest}; leaving
     * by {@code latest} still ends the first day's driving within the daily driving hours.
     */
    public record DepartureWindow(int day, String earliest, String latest) {}

    /**
     * One road of a convoy's journey.
     *
     * @param seq   1-based position in the journey
     * @param day   scenario day on which the convoy enters the road
     * @param notes what the team must know there: permits, escorts, convoy caps
     */
    public record Leg(int seq, String road, String roadName, String from, String to, double km, double hours,
                      int checkpoints, int day, List<String> notes) {
        public Leg { notes = List.copyOf(notes); }
    }

    /** This dispatch with {@code changes} as its changes since the previous plan version. */
    public Dispatch withChanges(List<Change> changes) {
        return new Dispatch(planId, planVersion, sensitivity, team, agency, hub, convoys, changes);
    }

    /**
     * One change to this team's convoys since the previous plan version.
     *
     * @param kind        CANCELLED, ADDED, REROUTED, RETIMED or MANIFEST_CHANGED
     * @param convoy      the convoy's id in this version, or in the previous one when it was cancelled
     * @param description days, roads and tonnes for the team (never a coordinate)
     * @param cause       id of the change event that caused it, or {@code re-optimisation} when no event touches it
     */
    public record Change(String kind, String convoy, String description, String cause) {}
}
