package org.corridor.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.corridor.access.AccessRule;
import org.corridor.plan.Plan;
import org.corridor.plan.Plan.Leg;
import org.corridor.plan.Plan.Route;
import org.corridor.scenario.Agency;
import org.corridor.scenario.Commodity;
import org.corridor.scenario.Location;
import org.corridor.scenario.Need;
import org.corridor.scenario.Road;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.Stock;
import org.corridor.solve.SolveOptions;

/**
 * Checks a plan against its scenario without trusting the solver: it reads only the scenario's
 * records and the plan's wire format, never the solver's network or allocation code, and has its
 * own reading of the access rules ({@link AccessReading}). Every violation is listed, not just
 * the first.
 *
 * <p>The checks come in families; each family is one method below, registered in {@link #FAMILIES}.
 * A later stage (convoys, last mile) adds its checks by writing one more such method and adding it to
 * the list. Routes whose agency, commodity or tonnes are unusable are reported once and left out of
 * the per-route families, so one mistake does not cascade into a page of violations; plan-wide sums
 * (stocks, needs, budget, KPIs) still count every route, as the plan's own totals do.
 *
 * <p>Numbers are compared with a tolerance (LP solutions and rounded plan numbers carry round-off):
 * {@value #TONNES_ABS} t plus {@value #TOLERANCE} relative for tonnes, {@value #TOLERANCE} for
 * shares and risks. Stateless and thread-safe.
 */
public final class PlanVerifier {

    /** Relative tolerance of every comparison. */
    static final double TOLERANCE = 1e-6;
    /** Absolute tolerance for tonnes (0.1 kg): plans round tonnes to 1e-6 and sum many of them. */
    static final double TONNES_ABS = 1e-4;

    private PlanVerifier() {}

    /** One family of checks: reads the context, appends what it finds. */
    @FunctionalInterface
    interface CheckFamily {
        void check(Context c, List<Violation> out);
    }

    /** In the order their violations are listed. */
    private static final List<CheckFamily> FAMILIES = List.of(
            PlanVerifier::routeReferences,
            PlanVerifier::routeGeometry,
            PlanVerifier::routeEnds,
            PlanVerifier::timing,
            PlanVerifier::closures,
            PlanVerifier::deniedAreas,
            PlanVerifier::womenStaff,
            PlanVerifier::commodityRestrictions,
            PlanVerifier::legAttributes,
            PlanVerifier::legLosses,
            PlanVerifier::routeTotals,
            PlanVerifier::routeRiskCap,
            PlanVerifier::riskBudget,
            PlanVerifier::stocks,
            PlanVerifier::needs,
            PlanVerifier::roadCapacity,
            PlanVerifier::unmet,
            PlanVerifier::kpis,
            PlanVerifier::lastMileTimeWindows,
            PlanVerifier::lastMileCapacity,
            PlanVerifier::lastMileRiskCap,
            PlanVerifier::lastMileWomenStaff,
            ConvoyChecks::references,
            ConvoyChecks::fleet,
            ConvoyChecks::caps,
            ConvoyChecks::timing,
            ConvoyChecks::manifests);

    /**
     * Every way in which {@code plan} breaks {@code scenario}.
     *
     * @param scenario the scenario the plan claims to be for (its rules are the ones checked)
     * @param plan     the plan; its {@code options()} give horizon, route risk cap and risk budget
     *                 ({@link SolveOptions#DEFAULTS} when null)
     * @return the violations in check-family order, then route order; empty when the plan is valid
     */
    public static List<Violation> verify(Scenario scenario, Plan plan) {
        Context c = new Context(scenario, plan);
        List<Violation> out = new ArrayList<>();
        for (CheckFamily f : FAMILIES) f.check(c, out);
        return List.copyOf(out);
    }

    /** What every family reads: the scenario indexed by id, the plan, the verifier's reading of the rules. */
    static final class Context {
        final Scenario scenario;
        final Plan plan;
        final SolveOptions options;
        final Map<String, Location> locations;
        final Map<String, Road> roads;
        final Map<String, Agency> agencies;
        final Map<String, Commodity> commodities;
        final AccessReading access;
        /** Routes whose agency, commodity and tonnes are usable: the ones the per-route families look at. */
        final List<Route> routes = new ArrayList<>();
        /** "agency/location/commodity" -> available-from day -> tonnes, for stock available before the horizon ends. */
        final Map<String, TreeMap<Integer, Double>> stock = new LinkedHashMap<>();
        /**
         * "location/commodity" -> {tonnes, severity weight, latest day}, in scenario order. Several needs
         * with one key are read as one: tonnes summed, the gravest weight, the earliest deadline.
         */
        final Map<String, double[]> need = new LinkedHashMap<>();

        Context(Scenario scenario, Plan plan) {
            this.scenario = scenario;
            this.plan = plan;
            this.options = plan.options() != null ? plan.options() : SolveOptions.DEFAULTS;
            this.locations = scenario.locationsById();
            this.roads = scenario.roadsById();
            this.agencies = scenario.agenciesById();
            this.commodities = scenario.commoditiesById();
            this.access = new AccessReading(scenario, options.horizonDays());
            for (Route r : plan.routes()) if (usable(r)) routes.add(r);
            for (Stock s : scenario.stocks())
                if (s.availableFromDay() < options.horizonDays())
                    stock.computeIfAbsent(s.agency() + "/" + s.location() + "/" + s.commodity(), k -> new TreeMap<>())
                            .merge(s.availableFromDay(), s.tonnes(), Double::sum);
            for (Need n : scenario.needs()) {
                double[] t = need.computeIfAbsent(n.location() + "/" + n.commodity(), k -> new double[] {0, 0, Integer.MAX_VALUE});
                t[0] += n.tonnes();
                t[1] = Math.max(t[1], n.severityWeight());
                t[2] = Math.min(t[2], n.latestDay());
            }
        }

        private boolean usable(Route r) {
            if (!agencies.containsKey(r.agency()) || !commodities.containsKey(r.commodity())) return false;
            if (!finiteNonNegative(r.tonnesDispatched()) || !finiteNonNegative(r.tonnesDelivered())) return false;
            for (Leg l : r.legs()) if (!finiteNonNegative(l.tonnesIn()) || !finiteNonNegative(l.tonnesOut())) return false;
            return true;
        }

        /** The locations a route visits, in order: its origin, then the far end of every leg. */
        List<String> stops(Route r) {
            List<String> stops = new ArrayList<>();
            stops.add(r.origin());
            for (Leg l : r.legs()) stops.add(l.to());
            return stops;
        }

        /** Provinces of every place the route visits, origin included, in order. */
        Set<String> provincesVisited(Route r) {
            Set<String> out = new LinkedHashSet<>();
            for (String s : stops(r)) out.add(access.province(s));
            return out;
        }

        /** Provinces the route's legs lead into, in order; the origin's province for a route without legs. */
        Set<String> provincesEntered(Route r) {
            Set<String> out = new LinkedHashSet<>();
            if (r.legs().isEmpty()) out.add(access.province(r.origin()));
            for (Leg l : r.legs()) out.add(access.province(l.to()));
            return out;
        }

        int horizon() { return options.horizonDays(); }
    }

    // ---------------------------------------------------------------- route families

    /** Agency and commodity exist; tonnes are finite and >= 0. */
    static void routeReferences(Context c, List<Violation> out) {
        for (Route r : c.plan.routes()) {
            if (!c.agencies.containsKey(r.agency()))
                out.add(new Violation(Violation.Code.UNKNOWN_REFERENCE, r.id(), "route names unknown agency " + r.agency()));
            if (!c.commodities.containsKey(r.commodity()))
                out.add(new Violation(Violation.Code.UNKNOWN_REFERENCE, r.id(), "route names unknown commodity " + r.commodity()));
            boolean badTonnes = !finiteNonNegative(r.tonnesDispatched()) || !finiteNonNegative(r.tonnesDelivered());
            for (Leg l : r.legs()) badTonnes |= !finiteNonNegative(l.tonnesIn()) || !finiteNonNegative(l.tonnesOut());
            if (badTonnes) out.add(new Violation(Violation.Code.UNKNOWN_REFERENCE, r.id(), "route carries negative or non-finite tonnes"));
        }
    }

    /**
     * Legs are scenario roads, each leg's ends are its road's ends, leg i ends where leg i+1 starts,
     * the first starts at the origin, the last ends at the destination, one-way roads are driven forwards.
     */
    static void routeGeometry(Context c, List<Violation> out) {
        for (Route r : c.routes) {
            String at = r.origin();
            for (int i = 0; i < r.legs().size(); i++) {
                Leg l = r.legs().get(i);
                Road road = c.roads.get(l.road());
                if (road == null) {
                    out.add(new Violation(Violation.Code.UNKNOWN_ROAD, r.id(), "leg " + (i + 1) + " uses unknown road " + l.road()));
                } else if (!(l.from().equals(road.from()) && l.to().equals(road.to()))
                        && !(!road.directed() && l.from().equals(road.to()) && l.to().equals(road.from()))) {
                    out.add(new Violation(Violation.Code.DISCONNECTED_ROUTE, r.id(), "leg " + (i + 1) + " does not drive road " + road.id()
                            + (road.directed() ? " in its one allowed direction" : " between its two ends")));
                }
                if (!l.from().equals(at))
                    out.add(new Violation(Violation.Code.DISCONNECTED_ROUTE, r.id(), "leg " + (i + 1) + " starts at " + l.from() + ", not at " + at + " where the route is"));
                at = l.to();
            }
            if (!at.equals(r.destination()))
                out.add(new Violation(Violation.Code.DISCONNECTED_ROUTE, r.id(), "route ends at " + at + ", not at its destination " + r.destination()));
        }
    }

    /** The origin holds stock of the agency and commodity available within the horizon; the destination needs the commodity. */
    static void routeEnds(Context c, List<Violation> out) {
        for (Route r : c.routes) {
            if (!c.stock.containsKey(stockKey(r)))
                out.add(new Violation(Violation.Code.NO_STOCK_AT_ORIGIN, r.id(), r.agency() + " holds no " + r.commodity()
                        + " at " + r.origin() + " available within the " + c.horizon() + "-day horizon"));
            if (!c.need.containsKey(r.destination() + "/" + r.commodity()))
                out.add(new Violation(Violation.Code.NO_NEED_AT_DESTINATION, r.id(), "no need for " + r.commodity() + " at " + r.destination()));
        }
    }

    /**
     * Departure in [0, H) and no earlier than the first stock lot plus the permit delays of the
     * provinces entered; arrival = departure + ceil(sum of leg hours / 8); arrival <= need deadline.
     */
    static void timing(Context c, List<Violation> out) {
        for (Route r : c.routes) {
            int dep = r.departureDay();
            if (dep < 0 || dep >= c.horizon())
                out.add(new Violation(Violation.Code.TIMING, r.id(), "departs on day " + dep + ", outside the " + c.horizon() + "-day horizon"));
            TreeMap<Integer, Double> lots = c.stock.get(stockKey(r));
            if (lots != null) {
                List<String> entered = new ArrayList<>();
                String at = c.access.province(r.origin());
                for (Leg l : r.legs()) {
                    String p = c.access.province(l.to());
                    if (!p.equals(at) && !entered.contains(p)) entered.add(p);
                    at = p;
                }
                // departing before any stock is there is a STOCK_EXCEEDED by that day; here only the permits' wait
                int first = lots.firstKey(), permitted = first + c.access.permitDelayDays(r.agency(), entered);
                if (dep >= first && dep < permitted)
                    out.add(new Violation(Violation.Code.TIMING, r.id(), "departs on day " + dep + ", before day " + permitted
                            + " when its first stock is available and its permits granted"));
            }
            double hours = 0;
            boolean known = true;
            for (Leg l : r.legs()) {
                Road road = c.roads.get(l.road());
                if (road == null) known = false; // reported as UNKNOWN_ROAD; the trip's length is unknown
                else hours += c.access.hours(road);
            }
            int arrival = dep + AccessReading.travelDays(hours);
            if (known && r.arrivalDay() != arrival)
                out.add(new Violation(Violation.Code.TIMING, r.id(), "arrives on day " + r.arrivalDay() + ", but departing on day " + dep
                        + " with " + num(hours) + " driving hours it arrives on day " + arrival));
            double[] need = c.need.get(needKey(r));
            if (need != null && r.arrivalDay() > need[2])
                out.add(new Violation(Violation.Code.TIMING, r.id(), "arrives on day " + r.arrivalDay() + ", after the need's last useful day " + (int) need[2]));
        }
    }

    /** No leg on a road closed on one of the route's travel days; no visit to an entry point closed then. */
    static void closures(Context c, List<Violation> out) {
        for (Route r : c.routes) {
            for (Leg l : r.legs()) {
                Road road = c.roads.get(l.road());
                String why = road == null ? null : c.access.roadClosedDuring(road, r.departureDay(), r.arrivalDay());
                if (why != null)
                    out.add(new Violation(Violation.Code.ROAD_CLOSED, r.id(), "road " + road.id() + " is closed by " + why + " on the route's travel days"));
            }
            for (String stop : new LinkedHashSet<>(c.stops(r))) {
                AccessRule.EntryPointClosed closed = c.access.entryPointClosedDuring(stop, r.departureDay(), r.arrivalDay());
                if (closed != null)
                    out.add(new Violation(Violation.Code.ENTRY_POINT_CLOSED, r.id(), "passes entry point " + stop + " closed by rule " + closed.id() + " on its travel days"));
            }
        }
    }

    /** No route visits a province denied to its agency (or to all agencies) on its travel days. */
    static void deniedAreas(Context c, List<Violation> out) {
        for (Route r : c.routes)
            for (String province : c.provincesVisited(r)) {
                AccessRule.AreaDenied denied = c.access.deniedDuring(province, r.agency(), r.departureDay(), r.arrivalDay());
                if (denied != null)
                    out.add(new Violation(Violation.Code.AREA_DENIED, r.id(), r.agency() + " enters " + province + " denied by rule " + denied.id() + " on its travel days"));
            }
    }

    /**
     * A commodity needing women staff is delivered in province P only by an agency fielding women
     * staff in P, and, on days a women-staff bar on P is in force, only by an agency it exempts.
     */
    static void womenStaff(Context c, List<Violation> out) {
        for (Route r : c.routes) {
            if (!c.commodities.get(r.commodity()).needsWomenStaff()) continue;
            String province = c.access.province(r.destination());
            if (!c.agencies.get(r.agency()).fieldsWomenStaffIn(province))
                out.add(new Violation(Violation.Code.WOMEN_STAFF, r.id(), r.commodity() + " needs women staff, which "
                        + r.agency() + " does not field in " + province));
            AccessRule.WomenStaffBarred bar = c.access.womenStaffBarredDuring(province, r.agency(), r.departureDay(), r.arrivalDay());
            if (bar != null)
                out.add(new Violation(Violation.Code.WOMEN_STAFF, r.id(), r.commodity() + " needs women staff, barred in "
                        + province + " by rule " + bar.id() + " which does not exempt " + r.agency()));
        }
    }

    /** No route brings a commodity into a province (in transit or to deliver) on days it is restricted there. */
    static void commodityRestrictions(Context c, List<Violation> out) {
        for (Route r : c.routes)
            for (String province : c.provincesEntered(r)) {
                AccessRule.CommodityRestricted rule = c.access.restrictedDuring(province, r.commodity(), r.departureDay(), r.arrivalDay());
                if (rule != null)
                    out.add(new Violation(Violation.Code.COMMODITY_RESTRICTED, r.id(), r.commodity() + " brought into "
                            + province + " restricted by rule " + rule.id() + " on its travel days"));
            }
    }

    /** Every leg: km = its road's km, hours = its road's hours with expected escort time. */
    static void legAttributes(Context c, List<Violation> out) {
        for (Route r : c.routes)
            for (int i = 0; i < r.legs().size(); i++) {
                Leg l = r.legs().get(i);
                Road road = c.roads.get(l.road());
                if (road == null) continue;
                if (!closeShare(l.km(), road.km()) || !closeShare(l.hours(), c.access.hours(road)))
                    out.add(new Violation(Violation.Code.LEG_MISMATCH, r.id(), "leg " + (i + 1) + " states " + num(l.km()) + " km and "
                            + num(l.hours()) + " h, road " + road.id() + " has " + num(road.km()) + " km and " + num(c.access.hours(road)) + " h"));
            }
    }

    /** Every leg: stated risk = effective risk p, and tonnesOut = tonnesIn x (1 - p). */
    static void legLosses(Context c, List<Violation> out) {
        for (Route r : c.routes)
            for (int i = 0; i < r.legs().size(); i++) {
                Leg l = r.legs().get(i);
                Road road = c.roads.get(l.road());
                if (road == null) continue;
                double p = c.access.legRisk(road, l.from(), l.to(), r.agency());
                if (!closeShare(l.risk(), p))
                    out.add(new Violation(Violation.Code.LOSS_MISMATCH, r.id(), "leg " + (i + 1) + " on road " + road.id()
                            + " states risk " + num(l.risk()) + " but the rules give " + num(p)));
                double expectedOut = l.tonnesIn() * (1 - p);
                if (!close(l.tonnesOut(), expectedOut))
                    out.add(new Violation(Violation.Code.LOSS_MISMATCH, r.id(), "leg " + (i + 1) + " on road " + road.id()
                            + " delivers " + num(l.tonnesOut()) + " t, not tonnes in x (1 - risk) = " + num(expectedOut) + " t"));
            }
    }

    /** dispatched = first leg's tonnes in; leg i out = leg i+1 in; delivered = last leg's out; diversion = dispatched - delivered. */
    static void routeTotals(Context c, List<Violation> out) {
        for (Route r : c.routes) {
            List<Leg> legs = r.legs();
            double first = legs.isEmpty() ? r.tonnesDelivered() : legs.get(0).tonnesIn();
            double last = legs.isEmpty() ? r.tonnesDispatched() : legs.get(legs.size() - 1).tonnesOut();
            if (!close(r.tonnesDispatched(), first))
                out.add(new Violation(Violation.Code.ROUTE_TOTALS, r.id(), "dispatches " + num(r.tonnesDispatched()) + " t but its first leg takes in " + num(first) + " t"));
            if (!close(r.tonnesDelivered(), last))
                out.add(new Violation(Violation.Code.ROUTE_TOTALS, r.id(), "delivers " + num(r.tonnesDelivered()) + " t but its last leg gives out " + num(last) + " t"));
            for (int i = 0; i + 1 < legs.size(); i++)
                if (!close(legs.get(i).tonnesOut(), legs.get(i + 1).tonnesIn()))
                    out.add(new Violation(Violation.Code.ROUTE_TOTALS, r.id(), "leg " + (i + 1) + " gives out " + num(legs.get(i).tonnesOut())
                            + " t but leg " + (i + 2) + " takes in " + num(legs.get(i + 1).tonnesIn()) + " t"));
            double diversion = r.tonnesDispatched() - r.tonnesDelivered();
            if (!close(r.expectedDiversionTonnes(), diversion))
                out.add(new Violation(Violation.Code.ROUTE_TOTALS, r.id(), "states expected diversion " + num(r.expectedDiversionTonnes())
                        + " t, not dispatched - delivered = " + num(diversion) + " t"));
        }
    }

    /** Every route: 1 - prod(1 - p_leg) <= routeRiskCap, with p the effective risks. */
    static void routeRiskCap(Context c, List<Violation> out) {
        double cap = c.options.routeRiskCap();
        for (Route r : c.routes) {
            double survive = 1;
            for (Leg l : r.legs()) {
                Road road = c.roads.get(l.road());
                if (road != null) survive *= 1 - c.access.legRisk(road, l.from(), l.to(), r.agency());
            }
            double loss = 1 - survive;
            if (r.tonnesDispatched() > 0 && loss > cap + 1e-9)
                out.add(new Violation(Violation.Code.ROUTE_RISK_CAP, r.id(), "route loses " + num(loss) + " of its cargo, above the cap " + num(cap)));
        }
    }

    /** With a risk budget b: sum(dispatched - delivered) <= b x sum(dispatched). */
    static void riskBudget(Context c, List<Violation> out) {
        Double budget = c.options.riskBudget();
        if (budget == null) return;
        double dispatched = 0, diverted = 0;
        for (Route r : c.plan.routes()) {
            dispatched += r.tonnesDispatched();
            diverted += r.tonnesDispatched() - r.tonnesDelivered();
        }
        if (!atMost(diverted, budget * dispatched))
            out.add(new Violation(Violation.Code.RISK_BUDGET, "plan", "expected diversion " + num(diverted) + " t is above the budget "
                    + num(budget) + " x " + num(dispatched) + " t dispatched"));
    }

    // ---------------------------------------------------------------- aggregate families

    /**
     * For every (agency, location, commodity) and every day d: sum of dispatched by routes departing
     * by d <= stock available by d (cargo cannot leave before its stock is there); d = H - 1 is the total.
     */
    static void stocks(Context c, List<Violation> out) {
        Map<String, TreeMap<Integer, Double>> sent = new LinkedHashMap<>();
        for (Route r : c.plan.routes())
            sent.computeIfAbsent(stockKey(r), k -> new TreeMap<>()).merge(r.departureDay(), r.tonnesDispatched(), Double::sum);
        for (Map.Entry<String, TreeMap<Integer, Double>> e : sent.entrySet()) {
            TreeMap<Integer, Double> lots = c.stock.get(e.getKey());
            if (lots == null) continue; // reported as NO_STOCK_AT_ORIGIN
            TreeSet<Integer> days = new TreeSet<>(e.getValue().keySet());
            days.add(c.horizon() - 1);
            for (int d : days) {
                double dispatched = sum(e.getValue().headMap(d, true)), held = sum(lots.headMap(d, true));
                if (!atMost(dispatched, held)) {
                    out.add(new Violation(Violation.Code.STOCK_EXCEEDED, e.getKey(), "dispatches " + num(dispatched) + " t by day " + d
                            + " from a stock of " + num(held) + " t available by then"));
                    break;
                }
            }
        }
    }

    /** For every (location, commodity): sum of delivered <= need. */
    static void needs(Context c, List<Violation> out) {
        for (Map.Entry<String, Double> e : delivered(c).entrySet()) {
            double[] need = c.need.get(e.getKey());
            if (need != null && !atMost(e.getValue(), need[0]))
                out.add(new Violation(Violation.Code.NEED_EXCEEDED, e.getKey(), "delivers " + num(e.getValue()) + " t against a need of " + num(need[0]) + " t"));
        }
    }

    /** For every road and direction: sum of tonnes entering it <= sum over open days of min(capacity, convoy cap). */
    static void roadCapacity(Context c, List<Violation> out) {
        Map<String, Double> load = new LinkedHashMap<>();
        for (Route r : c.routes)
            for (Leg l : r.legs())
                if (c.roads.containsKey(l.road())) load.merge(l.road() + "/" + l.from(), l.tonnesIn(), Double::sum);
        for (Map.Entry<String, Double> e : load.entrySet()) {
            Road road = c.roads.get(e.getKey().split("/")[0]);
            int open = c.access.openDays(road);
            if (open == 0) continue; // a route on it is reported as closed, or as timed outside the horizon
            double capacity = c.access.capacity(road);
            if (!atMost(e.getValue(), capacity))
                out.add(new Violation(Violation.Code.ROAD_CAPACITY, road.id(), num(e.getValue()) + " t enter it in one direction over the horizon, above the "
                        + num(capacity) + " t it carries on its " + open + " open days"));
        }
    }

    /** For every (location, commodity) with a need: stated unmet = need - delivered (absent when zero); no unmet without a need. */
    static void unmet(Context c, List<Violation> out) {
        Map<String, Double> stated = new LinkedHashMap<>();
        for (Plan.Unmet u : c.plan.unmet()) stated.merge(u.location() + "/" + u.commodity(), u.tonnes(), Double::sum);
        Map<String, Double> delivered = delivered(c);
        for (Map.Entry<String, double[]> e : c.need.entrySet()) {
            String key = e.getKey();
            double expected = Math.max(0, e.getValue()[0] - delivered.getOrDefault(key, 0.0));
            double claimed = stated.getOrDefault(key, 0.0);
            if (!close(claimed, expected))
                out.add(new Violation(Violation.Code.UNMET_MISMATCH, key, "plan states " + num(claimed) + " t unmet, need - delivered is " + num(expected) + " t"));
        }
        for (String key : stated.keySet())
            if (!c.need.containsKey(key))
                out.add(new Violation(Violation.Code.UNMET_MISMATCH, key, "plan states unmet need where the scenario has none"));
    }

    /**
     * KPIs recomputed: needTonnes = sum need; delivered/dispatched = sums over routes; diversion =
     * dispatched - delivered; share = diversion / dispatched; coverage = sum_k w_k min(d_k, n_k) / sum_k w_k n_k
     * over (location, commodity) keys, with w the severity weight (1 when nothing is needed);
     * diversion by region = sum of leg losses (in - out) in the region of the leg's end.
     */
    static void kpis(Context c, List<Violation> out) {
        Plan.Kpis k = c.plan.kpis();
        if (k == null) {
            out.add(new Violation(Violation.Code.KPI_MISMATCH, "kpis", "plan has no KPIs"));
            return;
        }
        double need = 0, weightedNeed = 0, weightedDelivered = 0;
        Map<String, Double> delivered = delivered(c);
        for (Map.Entry<String, double[]> e : c.need.entrySet()) {
            double[] t = e.getValue();
            need += t[0];
            weightedNeed += t[1] * t[0];
            weightedDelivered += t[1] * Math.min(t[0], delivered.getOrDefault(e.getKey(), 0.0));
        }
        double dispatched = 0, deliveredTotal = 0;
        for (Route r : c.plan.routes()) {
            dispatched += r.tonnesDispatched();
            deliveredTotal += r.tonnesDelivered();
        }
        double diversion = dispatched - deliveredTotal;
        share(out, "coverage", k.coverage(), weightedNeed > 0 ? weightedDelivered / weightedNeed : 1);
        kpi(out, "needTonnes", k.needTonnes(), need);
        kpi(out, "deliveredTonnes", k.deliveredTonnes(), deliveredTotal);
        kpi(out, "dispatchedTonnes", k.dispatchedTonnes(), dispatched);
        kpi(out, "expectedDiversionTonnes", k.expectedDiversionTonnes(), diversion);
        share(out, "expectedDiversionShare", k.expectedDiversionShare(), dispatched > 0 ? diversion / dispatched : 0);
        Map<String, Double> byRegion = new TreeMap<>();
        for (Route r : c.plan.routes())
            for (Leg l : r.legs()) {
                Location to = c.locations.get(l.to());
                if (to != null) byRegion.merge(to.region(), l.tonnesIn() - l.tonnesOut(), Double::sum);
            }
        Map<String, Double> stated = k.diversionByRegion() == null ? Map.of() : k.diversionByRegion();
        Set<String> regions = new TreeSet<>(byRegion.keySet());
        regions.addAll(stated.keySet());
        for (String region : regions)
            kpi(out, "diversionByRegion." + (region.isEmpty() ? "(none)" : region), stated.getOrDefault(region, 0.0), byRegion.getOrDefault(region, 0.0));
    }

    private static void kpi(List<Violation> out, String name, double stated, double recomputed) {
        if (!close(stated, recomputed))
            out.add(new Violation(Violation.Code.KPI_MISMATCH, name, "plan states " + num(stated) + " t, the routes give " + num(recomputed) + " t"));
    }

    private static void share(List<Violation> out, String name, double stated, double recomputed) {
        if (!closeShare(stated, recomputed))
            out.add(new Violation(Violation.Code.KPI_MISMATCH, name, "plan states " + num(stated) + ", the routes give " + num(recomputed)));
    }

    // ---------------------------------------------------------------- shared arithmetic

    private static String stockKey(Route r) { return r.agency() + "/" + r.origin() + "/" + r.commodity(); }

    private static String needKey(Route r) { return r.destination() + "/" + r.commodity(); }

    private static double sum(Map<Integer, Double> m) {
        double s = 0;
        for (double v : m.values()) s += v;
        return s;
    }

    /** Delivered tonnes per "location/commodity", over all routes (plan-wide sums keep even a route with a bad reference). */
    private static Map<String, Double> delivered(Context c) {
        Map<String, Double> d = new LinkedHashMap<>();
        for (Route r : c.plan.routes()) d.merge(needKey(r), r.tonnesDelivered(), Double::sum);
        return d;
    }

    /** Tonnes equal within round-off: |a - b| <= 1e-4 t + 1e-6 x max(|a|, |b|). */
    static boolean close(double a, double b) {
        return Math.abs(a - b) <= TONNES_ABS + TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
    }

    /** Tonnes within a limit up to round-off. */
    static boolean atMost(double a, double limit) {
        return a <= limit + TONNES_ABS + TOLERANCE * Math.abs(limit);
    }

    /** Shares, risks, km and hours equal within round-off: |a - b| <= 1e-6 x max(1, |a|, |b|). */
    static boolean closeShare(double a, double b) {
        return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    }

    private static boolean finiteNonNegative(double v) { return v >= 0 && !Double.isInfinite(v); }

    private static String num(double v) { return String.format(Locale.ROOT, "%.6g", v); }

    /**
     * Last mile, times: shiftStart <= departure; for stop k, arrival_k >= ready_(k-1) + drive_k with
     * ready = departure or arrival + service of the previous stop, and open_k <= arrival_k <= close_k;
     * return >= ready_last + returnDrive and return <= shiftEnd.
     */
    static void lastMileTimeWindows(Context c, List<Violation> out) {
        for (Plan.LastMileTour t : c.plan.lastMile()) {
            if (t.departureMinute() < t.shiftStart())
                out.add(new Violation(Violation.Code.LAST_MILE_TIME_WINDOW, t.id(), "leaves at minute " + t.departureMinute() + ", before its shift starts at " + t.shiftStart()));
            int ready = t.departureMinute();
            for (Plan.LastMileStop s : t.stops()) {
                if (s.arrivalMinute() < ready + s.driveMinutes())
                    out.add(new Violation(Violation.Code.LAST_MILE_TIME_WINDOW, t.id(), "reaches " + s.point() + " at minute " + s.arrivalMinute()
                            + ", before it can drive there (" + (ready + s.driveMinutes()) + ")"));
                if (s.arrivalMinute() < s.windowOpen() || s.arrivalMinute() > s.windowClose())
                    out.add(new Violation(Violation.Code.LAST_MILE_TIME_WINDOW, t.id(), "serves " + s.point() + " at minute " + s.arrivalMinute()
                            + ", outside its window " + s.windowOpen() + ".." + s.windowClose()));
                ready = s.arrivalMinute() + s.serviceMinutes();
            }
            if (t.returnMinute() < ready + t.returnDriveMinutes() || t.returnMinute() > t.shiftEnd())
                out.add(new Violation(Violation.Code.LAST_MILE_TIME_WINDOW, t.id(), "returns at minute " + t.returnMinute()
                        + ", not within " + (ready + t.returnDriveMinutes()) + ".." + t.shiftEnd()));
        }
    }

    /**
     * Last mile, loads (stated to 0.001 t, so sums may differ by 0.001 t per stop): load = sum of stop tonnes <= payload, and the payload is that of the agency's
     * vehicle type in its fleet (a type absent from the fleet must be marked ILLUSTRATIVE).
     */
    static void lastMileCapacity(Context c, List<Violation> out) {
        for (Plan.LastMileTour t : c.plan.lastMile()) {
            double load = t.stops().stream().mapToDouble(Plan.LastMileStop::tonnes).sum();
            if (Math.abs(load - t.loadTonnes()) > 1e-3 * (t.stops().size() + 1))
                out.add(new Violation(Violation.Code.LAST_MILE_CAPACITY, t.id(), "states a load of " + num(t.loadTonnes()) + " t but its stops take " + num(load) + " t"));
            if (load > t.payloadTonnes() + 1e-3)
                out.add(new Violation(Violation.Code.LAST_MILE_CAPACITY, t.id(), "carries " + num(load) + " t on a vehicle of " + num(t.payloadTonnes()) + " t"));
            Agency a = c.agencies.get(t.agency());
            Agency.Vehicle type = a == null ? null : a.fleet().stream().filter(v -> v.type().equals(t.vehicleType())).findFirst().orElse(null);
            if (type != null && !closeShare(type.payloadTonnes(), t.payloadTonnes()))
                out.add(new Violation(Violation.Code.LAST_MILE_CAPACITY, t.id(), "states a payload of " + num(t.payloadTonnes()) + " t for "
                        + t.vehicleType() + ", whose payload is " + num(type.payloadTonnes()) + " t"));
            if (type == null && !t.vehicleType().endsWith("ILLUSTRATIVE"))
                out.add(new Violation(Violation.Code.LAST_MILE_CAPACITY, t.id(), "uses vehicle type " + t.vehicleType() + ", which " + t.agency() + " does not have"));
        }
    }

    /** Last mile, risk: a tour's risk is the sum over its stops' legs and stays under the plan's route risk cap. */
    static void lastMileRiskCap(Context c, List<Violation> out) {
        double cap = c.options.routeRiskCap();
        for (Plan.LastMileTour t : c.plan.lastMile()) {
            double last = t.stops().isEmpty() ? 0 : t.stops().get(t.stops().size() - 1).risk();
            if (Math.abs(last - t.risk()) > 1e-3)
                out.add(new Violation(Violation.Code.LAST_MILE_RISK_CAP, t.id(), "states risk " + num(t.risk()) + " but its stops accumulate " + num(last)));
            if (Math.max(last, t.risk()) > cap + 1e-6)
                out.add(new Violation(Violation.Code.LAST_MILE_RISK_CAP, t.id(), "accumulates risk " + num(Math.max(last, t.risk())) + ", above the cap " + num(cap)));
        }
    }

    /**
     * Last mile, women staff: a stop needs women staff iff its manifest has a commodity that does; such
     * a stop is served only by a team whose agency fields women staff in the hub's province and is not
     * barred (without exemption) there on the tour's day.
     */
    static void lastMileWomenStaff(Context c, List<Violation> out) {
        for (Plan.LastMileTour t : c.plan.lastMile()) {
            String province = c.access.province(t.hub());
            Agency a = c.agencies.get(t.agency());
            for (Plan.LastMileStop s : t.stops()) {
                boolean needs = s.manifest().keySet().stream().map(c.commodities::get).anyMatch(k -> k != null && k.needsWomenStaff());
                if (needs != s.needsWomenStaff())
                    out.add(new Violation(Violation.Code.LAST_MILE_WOMEN_STAFF, t.id(), "stop at " + s.point() + " is marked "
                            + (s.needsWomenStaff() ? "" : "not ") + "needing women staff, but its manifest says otherwise"));
                if (!needs) continue;
                if (a == null || !a.fieldsWomenStaffIn(province))
                    out.add(new Violation(Violation.Code.LAST_MILE_WOMEN_STAFF, t.id(), "stop at " + s.point() + " needs women staff, which "
                            + t.agency() + " does not field in " + province));
                AccessRule.WomenStaffBarred bar = c.access.womenStaffBarredDuring(province, t.agency(), t.day(), t.day());
                if (bar != null)
                    out.add(new Violation(Violation.Code.LAST_MILE_WOMEN_STAFF, t.id(), "stop at " + s.point() + " needs women staff, barred in "
                            + province + " by rule " + bar.id() + " which does not exempt " + t.agency()));
            }
        }
    }
}
