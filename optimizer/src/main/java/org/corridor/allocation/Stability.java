package org.corridor.allocation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.corridor.plan.Plan;

/**
 * What a re-solve keeps from the previous plan (issue 5): the tonnes of each previous route, which
 * the LP is penalised for changing, and the tonnes already on the road (frozen convoys), which it
 * must keep dispatching. Routes are matched by {@link #routeKey} (agency, commodity, ends, departure
 * day and roads), not by route id, as ids are renumbered in every plan.
 *
 * @param previousTonnes route key -> tonnes dispatched in the previous plan
 * @param frozen         route key -> cargo already on the road on that route (a lower bound on the route's tonnes while
 *                       the new version still admits it; stock no longer at its origin when it does not)
 * @param weight         objective weight of one tonne of change, |x_k - previous_k|, in the stages after
 *                       coverage (never in the coverage stage, so coverage always comes first)
 * @param paths          the previous routes' paths, which join the candidate pool wherever the new version
 *                       still admits them, so that every previous route that is still possible can be kept
 * @param coverageTolerance share of the optimal severity-weighted coverage the stages after coverage may give up
 *                       to keep previous routes, 0..0.01; never below what the previous routes still cover
 */
public record Stability(Map<String, Double> previousTonnes, Map<String, Frozen> frozen, double weight, List<Path> paths,
                        double coverageTolerance) {
    /** No previous plan: the cold solve. */
    public static final Stability NONE = new Stability(Map.of(), Map.of(), 0, List.of(), 0);

    /** The roads of a previous route, in driving order from its origin, with its agency and commodity. */
    public record Path(String agency, String commodity, String origin, List<String> roads) {
        public Path { roads = List.copyOf(roads); }
    }

    /**
     * Cargo that convoys of one previous route carry and that left before the re-solve's as-of day: drawn from the
     * agency's stock of the commodity at the route's origin on its departure day.
     */
    public record Frozen(String agency, String origin, String commodity, int departureDay, double tonnes) {
        public Frozen {
            if (!(tonnes >= 0)) throw new IllegalArgumentException("frozen tonnes must be >= 0");
        }

        /** The same cargo with {@code more} tonnes added (convoys of one route are merged). */
        public Frozen plus(double more) { return new Frozen(agency, origin, commodity, departureDay, tonnes + more); }

        /** The stock this cargo was drawn from: its agency, origin and commodity. */
        List<String> stock() { return List.of(agency, origin, commodity); }

        /** Whether stock lot {@code lot} is one this cargo could have left from (its stock, there by its day). */
        boolean drawsOn(Demand.Lot lot) {
            return lot.agency().equals(agency) && lot.location().equals(origin) && lot.commodity().equals(commodity)
                    && lot.availableFromDay() <= departureDay;
        }
    }

    public Stability {
        previousTonnes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(previousTonnes));
        frozen = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(frozen));
        paths = List.copyOf(paths);
        if (!(weight >= 0 && weight <= 1e6)) throw new IllegalArgumentException("stability weight must be in [0, 1e6]");
        if (!(coverageTolerance >= 0 && coverageTolerance <= 0.01)) throw new IllegalArgumentException("coverage tolerance must be in [0, 0.01]");
    }

    /** Keeps the routes of {@code previous} with weight {@code weight}, nothing frozen and no coverage given up. */
    public static Stability of(Plan previous, double weight) {
        Map<String, Double> prev = new LinkedHashMap<>();
        java.util.Set<Path> paths = new java.util.LinkedHashSet<>();
        for (Plan.Route r : previous.routes()) {
            prev.merge(routeKey(r), r.tonnesDispatched(), Double::sum);
            if (!r.legs().isEmpty()) paths.add(new Path(r.agency(), r.commodity(), r.origin(), r.legs().stream().map(Plan.Leg::road).toList()));
        }
        return new Stability(prev, Map.of(), weight, List.copyOf(paths), 0);
    }

    /** This stability with {@code frozen}: route key -> cargo already on the road. */
    public Stability withFrozen(Map<String, Frozen> frozen) { return new Stability(previousTonnes, frozen, weight, paths, coverageTolerance); }

    /** This stability allowed to give up {@code tolerance} of the optimal coverage to keep previous routes. */
    public Stability withCoverageTolerance(double tolerance) { return new Stability(previousTonnes, frozen, weight, paths, tolerance); }

    /** The identity of a route across plans: agency|commodity|origin|destination|departureDay|road,road,... */
    public static String routeKey(Plan.Route r) {
        return key(r.agency(), r.commodity(), r.origin(), r.destination(), r.departureDay(), r.legs().stream().map(Plan.Leg::road).toList());
    }

    static String routeKey(Candidate c) {
        return key(c.agency(), c.commodity(), c.origin(), c.destination(), c.departureDay(), c.arcs().stream().map(a -> a.road()).toList());
    }

    private static String key(String agency, String commodity, String origin, String destination, int day, List<String> roads) {
        return agency + "|" + commodity + "|" + origin + "|" + destination + "|" + day + "|" + String.join(",", roads);
    }

    boolean isEmpty() { return previousTonnes.isEmpty() && frozen.isEmpty(); }
}
