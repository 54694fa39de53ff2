package org.corridor.lastmile;

import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.corridor.access.AccessRule;
import org.corridor.plan.Plan;
import org.corridor.scenario.Agency;
import org.corridor.scenario.Commodity;
import org.corridor.scenario.Location;
import org.corridor.scenario.Need;
import org.corridor.scenario.Road;
import org.corridor.scenario.Scenario;
import org.corridor.solve.SolveControl;
import org.corridor.solve.SolveOptions;
import org.corridor.solve.WorkerPool;

/**
 * The last-mile stage: from each hub (a route's destination) to its distribution points, with the
 * OR-Tools routing core ({@link Router}). Hubs are independent: every (hub, portfolio member) pair is
 * one model on the solve's worker pool, and each hub keeps its best member by (objective, member
 * index), its tours relabelled canonically among interchangeable vehicles ({@link Hub#canonical}),
 * merged in hub-id order. With the work limit binding before the time limit the stage is
 * deterministic whatever the thread count; the plan's {@link Plan.LastMileRecord} says whether it did.
 *
 * <p>How the routing instance of a hub is derived ({@link #RULE}, also written into the plan):
 * <ul>
 *   <li><b>Day and quantities.</b> One distribution day: the first day cargo arrives at the hub. Each
 *       agency's tonnes delivered there (route deliveries, times the convoy stage's scheduled share
 *       when it ran) are spread evenly over the days from that day to the horizon's end.</li>
 *   <li><b>Points.</b> ILLUSTRATIVE: {@code clamp(ceil(population / 400 000), 3, 8)} points per hub,
 *       point k at bearing {@code 360 k / K} degrees plus a seeded jitter of up to 20 degrees and a
 *       seeded distance of 8-40 km from the hub, with a seeded share weight in [0.5, 1.5)
 *       (normalised); seed = plan seed XOR hash of the hub id. Road km = 1.3 x great-circle km,
 *       driven at 25 km/h.</li>
 *   <li><b>Stops.</b> Per point, one load of the commodities that need women staff and one of the
 *       others, each split into equal parts no larger than the hub's largest vehicle. When the
 *       cargo exceeds 90% of one round of the hub's fleet, every load is cut to that share and the rest
 *       waits for the next round (reported as dropped, FLEET_EXHAUSTED). Service:
 *       20 min + 2 min per tonne. Window: from sunrise until 30 min before sunset minus the service
 *       (no work after dark: the curfew). Dropping a load costs 1000 km per tonne times its gravest
 *       severity weight, so loads are dropped only when they cannot be carried.</li>
 *   <li><b>Vehicles.</b> Cargo is pooled in the hub's common store; each agency delivering there
 *       fields a team of at most six vehicles from its fleet based at the hub (no more per type than its
 *       daily tonnes need, plus one), minus the trucks of that type away on the plan's convoys that
 *       day (a truck on a round trip cannot also deliver locally); an agency with no fleet based at
 *       the hub fields an ILLUSTRATIVE team of 5 t light trucks. When every truck is away, the hub's
 *       cargo waits (FLEET_EXHAUSTED). Shift: sunrise to sunset at
 *       the hub's latitude on that date (NOAA declination formula). A team has women staff when its
 *       agency fields them in the province and no women-staff bar without exemption is in force.</li>
 *   <li><b>Risk.</b> A stop adds {@code p x km from hub / 50} to its tour's risk, p = the hub
 *       province's risk override in force, else the mean base risk of the roads at the hub; a tour's
 *       risk is capped at the plan's {@code routeRiskCap}.</li>
 * </ul>
 * Curfews: the access-rule family has no curfew type yet, so the only curfew is darkness.
 */
public final class LastMile {
    /** Stage name in progress reports and stage timings. */
    public static final String STAGE = "lastMile";
    /** Portfolio members per hub: fixed, so the plan does not depend on the thread count. */
    static final int MEMBERS_PER_HUB = 2;
    /** Work limit of each member (search steps, see {@link Router.Limit}): about 0.3-1 s on a hub. */
    static final long WORK_LIMIT = 5_000;
    /** Time cap of each member; the work limit normally binds first. */
    static final double SECONDS_PER_MEMBER = 3;
    /** Vehicles a team puts on the road for one distribution round. */
    static final int MAX_TEAM_VEHICLES = 6;
    /** Share of the round's fleet capacity offered as cargo (the rest of the cargo waits for the next round). */
    static final double ROUND_FILL = 0.9;
    static final double ROAD_FACTOR = 1.3, SPEED_KMH = 25, LIGHT_TRUCK_TONNES = 5;
    static final String RULE = "one distribution day per hub (first arrival), delivered tonnes spread evenly to the horizon; "
            + "ILLUSTRATIVE points: clamp(ceil(pop/400000),3,8) per hub at seeded bearings and 8-40 km; road km = 1.3 x great-circle at 25 km/h; "
            + "service 20 min + 2 min/t; windows sunrise..sunset-30-service; pooled hub cargo, teams of <= 6 vehicles from the fleet at the hub or illustrative 5 t trucks, cargo beyond 90% of one round waits; "
            + "stop risk = p x km/50, capped per tour at routeRiskCap";

    private LastMile() {}

    /**
     * Adds last-mile tours to {@code plan}.
     *
     * @param scenario the scenario the plan was made for
     * @param plan     a plan with routes (and convoys, when that stage ran)
     * @param pool     the solve's worker pool; (hub, member) models run on it
     * @param control  checked before each model; cancels running searches
     * @return the plan with {@code lastMile}, {@code lastMileDropped}, {@code lastMilePoints} and
     *         {@code lastMileSolver} filled
     */
    public static Plan plan(Scenario scenario, Plan plan, WorkerPool pool, SolveControl control) {
        return plan(scenario, plan, pool, control, null, null);
    }

    /**
     * Adds last-mile tours to {@code plan}, re-using the tours of {@code previous} (a re-solve's previous
     * plan) at every hub whose routing instance is the same as it was there (same stops, vehicles,
     * distances, windows and day): those hubs are not solved again, their tours are copied (renumbered),
     * so a field team's distribution round only changes where its cargo or fleet changed.
     *
     * @param previousScenario the scenario version {@code previous} was made for, or null (no re-use)
     * @param previous         the previous plan, or null (no re-use)
     */
    public static Plan plan(Scenario scenario, Plan plan, WorkerPool pool, SolveControl control, Scenario previousScenario, Plan previous) {
        SolveOptions options = plan.options() != null ? plan.options() : SolveOptions.DEFAULTS;
        List<Hub> hubs = hubs(scenario, plan, options);
        Map<String, RoutingProblem> before = new LinkedHashMap<>();
        if (previous != null && previousScenario != null && previous.lastMileSolver() != null)
            for (Hub h : hubs(previousScenario, previous, previous.options() != null ? previous.options() : SolveOptions.DEFAULTS))
                before.put(h.id, h.problem);
        double seconds = Math.min(options.timeLimitSeconds(), SECONDS_PER_MEMBER);
        Router.Limit limit = new Router.Limit(seconds, WORK_LIMIT);
        // a hub whose instance changed but which had tours before starts from them, with the work its change asks, in one
        // search: the portfolio's members differ in their first-solution heuristic, which the start replaces
        Map<Integer, WarmStart> warm = new LinkedHashMap<>();
        List<Job> jobs = new ArrayList<>();
        for (int h = 0; h < hubs.size(); h++) {
            Hub hub = hubs.get(h);
            if (hub.problem == null || hub.problem.equals(before.get(hub.id))) continue;
            WarmStart w = before.get(hub.id) == null ? null : warmStart(hub, previous.lastMile());
            if (w != null) { warm.put(h, w); jobs.add(new Job(h, 0, true)); }
            else for (int m = 0; m < MEMBERS_PER_HUB; m++) jobs.add(new Job(h, m, false));
        }
        List<Router.Member> members = Router.portfolio(MEMBERS_PER_HUB);
        List<Timed> solvedJobs = solve(hubs, jobs, warm, members, limit, pool, control);
        // previous tours that are no solution of the new instance (a window or the risk cap moved): solved afresh
        List<Job> again = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++)
            if (jobs.get(i).warm() && solvedJobs.get(i).solution == null) {
                warm.remove(jobs.get(i).hub());
                for (int m = 0; m < MEMBERS_PER_HUB; m++) again.add(new Job(jobs.get(i).hub(), m, false));
            }
        List<Timed> solvedAgain = solve(hubs, again, warm, members, limit, pool, control);
        Map<Integer, List<Timed>> solvedByHub = new LinkedHashMap<>();
        for (int i = 0; i < jobs.size(); i++)
            if (!jobs.get(i).warm() || warm.containsKey(jobs.get(i).hub()))
                solvedByHub.computeIfAbsent(jobs.get(i).hub(), k -> new ArrayList<>()).add(solvedJobs.get(i));
        for (int i = 0; i < again.size(); i++) solvedByHub.computeIfAbsent(again.get(i).hub(), k -> new ArrayList<>()).add(solvedAgain.get(i));
        boolean deterministic = true;
        List<Plan.LastMileTour> tours = new ArrayList<>();
        List<Plan.LastMileDrop> dropped = new ArrayList<>();
        List<Plan.DistributionPoint> points = new ArrayList<>();
        double routed = 0, lost = 0;
        for (int h = 0; h < hubs.size(); h++) {
            Hub hub = hubs.get(h);
            if (hub.problem == null) { // every truck is away on convoys: all the hub's cargo waits
                points.addAll(hub.points);
                lost += waits(hub, dropped);
                continue;
            }
            if (!solvedByHub.containsKey(h)) { // the same instance as in the previous plan: its tours stand
                points.addAll(hub.points);
                for (Plan.LastMileTour t : previous.lastMile()) {
                    if (!t.hub().equals(hub.id)) continue;
                    tours.add(renumbered(t, tours.size()));
                    routed += t.loadTonnes();
                }
                for (Plan.LastMileDrop d : previous.lastMileDropped()) {
                    if (!d.hub().equals(hub.id)) continue;
                    dropped.add(d);
                    lost += d.tonnes();
                }
                continue;
            }
            RoutingSolution best = null;
            for (Timed t : solvedByHub.get(h)) {
                // A member that ran into its time limit may have stopped anywhere: not reproducible.
                if (t.seconds >= seconds * 0.95) deterministic = false;
                if (t.solution != null && (best == null || t.solution.objective() < best.objective())) best = t.solution;
            }
            if (best == null) throw new IllegalStateException("last mile at hub " + hub.id + " found no routes");
            points.addAll(hub.points);
            for (RoutingSolution.Tour tour : hub.canonical(best.tours())) {
                Plan.LastMileTour lt = hub.tour(tour, tours.size());
                tours.add(lt);
                routed += lt.loadTonnes();
            }
            for (RoutingSolution.Dropped d : best.dropped()) {
                Load load = hub.loads.get(d.node() - 1);
                dropped.add(new Plan.LastMileDrop(hub.id, load.point, load.womenStaff, round(load.tonnes), rounded(load.manifest), d.reason().name()));
                lost += load.tonnes;
            }
            lost += waits(hub, dropped);
        }
        Map<String, Long> warmLimits = new TreeMap<>();
        warm.forEach((h, w) -> warmLimits.put(hubs.get(h).id, w.workLimit()));
        Plan.LastMileRecord record = new Plan.LastMileRecord(hubs.size(), MEMBERS_PER_HUB, seconds, WORK_LIMIT, deterministic,
                round(routed), round(lost), RULE, warmLimits);
        return plan.withLastMile(tours, dropped, points, record);
    }

    private record Timed(RoutingSolution solution, double seconds) {}

    /** One search of a hub: portfolio member {@code member} from scratch, or (warm) the one search from its previous tours. */
    private record Job(int hub, int member, boolean warm) {}

    /**
     * Runs the jobs on the pool: a warm job searches from its hub's previous tours under its
     * own work limit (null when they are no solution of the new instance), the others from scratch.
     */
    private static List<Timed> solve(List<Hub> hubs, List<Job> jobs, Map<Integer, WarmStart> warm, List<Router.Member> members,
                                     Router.Limit limit, WorkerPool pool, SolveControl control) {
        if (jobs.isEmpty()) return List.of();
        List<Timed> out = pool.map(STAGE, jobs, j -> {
            long t0 = System.nanoTime();
            RoutingProblem problem = hubs.get(j.hub()).problem;
            Router.Member member = members.get(j.member());
            RoutingSolution s = j.warm()
                    ? Router.solveFrom(problem, warm.get(j.hub()).routes(), member, j.member(),
                            new Router.Limit(limit.seconds(), warm.get(j.hub()).workLimit()), control::cancelled)
                    : Router.solveMember(problem, member, j.member(), limit, control::cancelled);
            return new Timed(s, (System.nanoTime() - t0) / 1e9);
        }, control);
        if (control.cancelled()) throw new SolveControl.SolveCancelledException(STAGE);
        return out;
    }

    /** Least share of {@link #WORK_LIMIT} a warm-started hub gets, however little of its cargo changed. */
    static final double WARM_WORK_FLOOR = 0.1;

    /**
     * A hub's previous tours as a start for its new instance, and the work the search from them gets.
     *
     * @param routes    per vehicle of the new instance, its stops (node numbers) in the previous tours' order
     * @param changed   tonnes of the stops the start leaves out, plus over the others |tonnes - tonnes of the
     *                  previous stop each takes over|
     * @param total     tonnes of the new instance's stops
     * @param workLimit {@link #WORK_LIMIT} x max({@link #WARM_WORK_FLOOR}, changed / total), rounded up, when the start
     *                  serves every stop; else {@link #WORK_LIMIT}
     */
    record WarmStart(long[][] routes, double changed, double total, long workLimit) {}

    /**
     * The previous tours of {@code hub} mapped onto its new instance: a tour keeps its vehicle (by id) and visits,
     * in its order, the new stops of the same point and women-staff group (the k-th visit of a group takes its k-th
     * part), skipping a visit when the group has no part left, the vehicle may not serve it or it would overfill
     * the vehicle; stops left over start unserved. The change is the tonnes of those left-over stops plus, over the
     * stops placed, |new tonnes - previous tonnes|. When the start serves every stop, the search from it gets the
     * share of the work that the changed share of the hub's cargo asks, at least {@link #WARM_WORK_FLOOR}; when it
     * leaves stops out (more parts, a vehicle gone), the whole {@link #WORK_LIMIT}: with a share of it, the search
     * left cargo unrouted that a fresh search routed (73 t fewer over the hubs after closing Salang). A pure
     * function of the two instances, so a re-solve stays deterministic. Whether windows and the risk cap still
     * hold is for the search to check ({@link Router#solveFrom}).
     *
     * @return the start, or null when the previous plan has no tour at the hub
     */
    static WarmStart warmStart(Hub hub, List<Plan.LastMileTour> previousTours) {
        RoutingProblem p = hub.problem;
        Map<String, ArrayDeque<Integer>> parts = new LinkedHashMap<>(); // point/group -> new stops, in order
        for (int i = 0; i < hub.loads.size(); i++)
            parts.computeIfAbsent(hub.loads.get(i).point + "/" + hub.loads.get(i).womenStaff, k -> new ArrayDeque<>()).add(i + 1);
        Map<String, Integer> vehicleIndex = new LinkedHashMap<>();
        for (int v = 0; v < p.vehicles().size(); v++) vehicleIndex.put(p.vehicles().get(v).id(), v);
        List<List<Long>> routes = new ArrayList<>();
        for (int v = 0; v < p.vehicles().size(); v++) routes.add(new ArrayList<>());
        double changed = 0, total = 0;
        boolean any = false;
        for (Plan.LastMileTour t : previousTours) {
            if (!t.hub().equals(hub.id)) continue;
            any = true;
            Integer v = vehicleIndex.get(t.vehicle());
            if (v == null) continue;
            RoutingProblem.Vehicle vehicle = p.vehicles().get(v);
            long load = 0;
            for (Plan.LastMileStop s : t.stops()) {
                ArrayDeque<Integer> left = parts.get(s.point() + "/" + s.needsWomenStaff());
                if (left == null || left.isEmpty()) continue;
                RoutingProblem.Stop stop = p.stopAt(left.peek());
                if (!vehicle.mayServe(stop) || load + stop.demand() > vehicle.capacity()) continue;
                int node = left.poll();
                load += stop.demand();
                routes.get(v).add((long) node);
                changed += Math.abs(hub.loads.get(node - 1).tonnes - s.tonnes());
            }
        }
        if (!any) return null;
        boolean complete = true;
        for (ArrayDeque<Integer> left : parts.values())
            for (int node : left) { changed += hub.loads.get(node - 1).tonnes; complete = false; }
        for (Load l : hub.loads) total += l.tonnes;
        double share = complete && total > 0 ? Math.min(1, changed / total) : 1;
        long[][] out = new long[routes.size()][];
        for (int v = 0; v < routes.size(); v++) out[v] = routes.get(v).stream().mapToLong(Long::longValue).toArray();
        return new WarmStart(out, changed, total, (long) Math.ceil(WORK_LIMIT * Math.max(WARM_WORK_FLOOR, share)));
    }

    /** Reports the hub's cargo beyond one round of its fleet as dropped (FLEET_EXHAUSTED); returns its tonnes. */
    private static double waits(Hub hub, List<Plan.LastMileDrop> dropped) {
        double tonnes = 0;
        for (Load load : hub.waiting) {
            dropped.add(new Plan.LastMileDrop(hub.id, load.point, load.womenStaff, round(load.tonnes), rounded(load.manifest),
                    RoutingSolution.DropReason.FLEET_EXHAUSTED.name()));
            tonnes += load.tonnes;
        }
        return tonnes;
    }

    /** A previous plan's tour under this plan's numbering (ids count tours over all hubs). */
    private static Plan.LastMileTour renumbered(Plan.LastMileTour t, int index) {
        return new Plan.LastMileTour(String.format("LM-%s-%03d", t.hub(), index + 1), t.hub(), t.agency(), t.team(), t.vehicle(),
                t.vehicleType(), t.payloadTonnes(), t.womenStaff(), t.day(), t.shiftStart(), t.shiftEnd(), t.departureMinute(),
                t.returnMinute(), t.returnDriveMinutes(), t.km(), t.loadTonnes(), t.risk(), t.stops());
    }

    /** One load handed over at one point (a stop of the routing problem). */
    record Load(String point, boolean womenStaff, double tonnes, Map<String, Double> manifest, double kmFromHub) {}

    /** A team vehicle of the hub problem. */
    record TeamVehicle(String agency, String id, String type, double payload, boolean womenStaff) {}

    /** The routing instance of one hub and what is needed to turn its solution into plan records. */
    static final class Hub {
        final String id;
        final int day;
        final int sunrise, sunset;
        final List<Plan.DistributionPoint> points;
        final List<Load> loads;
        /** Cargo beyond one round of the hub's fleet: it waits for the next round, reported as FLEET_EXHAUSTED. */
        final List<Load> waiting;
        final List<TeamVehicle> vehicles;
        /** Null when no vehicle is at the hub that day: then every load waits. */
        final RoutingProblem problem;
        final double[][] km;

        Hub(String id, int day, int sunrise, int sunset, List<Plan.DistributionPoint> points, List<Load> loads,
            List<Load> waiting, List<TeamVehicle> vehicles, RoutingProblem problem, double[][] km) {
            this.id = id; this.day = day; this.sunrise = sunrise; this.sunset = sunset; this.points = points;
            this.loads = loads; this.waiting = waiting; this.vehicles = vehicles; this.problem = problem; this.km = km;
        }

        /**
         * The tours with interchangeable vehicles relabelled canonically. Vehicles that differ only in
         * id and team (same capacity, risk cap, women staff, shift and fixed cost) are the same to the
         * search, and so are equal parts of one point's load, so the search may return any permutation
         * of one optimum; which one it returned varied with machine load (hub AF18: equal objective,
         * different vehicles). Within each class of such vehicles (classes in order of their first
         * vehicle), the tours are sorted by what they deliver (point, women-staff group, tonnes and
         * arrival per stop, then departure and return) and given to the class's vehicles in index order.
         *
         * @return the same tours (same stops, times and loads), in vehicle order
         */
        List<RoutingSolution.Tour> canonical(List<RoutingSolution.Tour> found) {
            Map<List<Long>, List<Integer>> classes = new LinkedHashMap<>();
            for (int v = 0; v < problem.vehicles().size(); v++) {
                RoutingProblem.Vehicle veh = problem.vehicles().get(v);
                classes.computeIfAbsent(List.of(veh.capacity(), veh.riskCap(), veh.womenStaff() ? 1L : 0L, veh.shiftStart(), veh.shiftEnd(),
                        veh.fixedCost()), k -> new ArrayList<>()).add(v);
            }
            Map<Integer, List<RoutingSolution.Tour>> byVehicle = new TreeMap<>();
            for (RoutingSolution.Tour t : found) byVehicle.computeIfAbsent(t.vehicle(), k -> new ArrayList<>()).add(t);
            List<RoutingSolution.Tour> out = new ArrayList<>();
            for (List<Integer> members : classes.values()) {
                List<RoutingSolution.Tour> inClass = new ArrayList<>();
                for (int v : members) inClass.addAll(byVehicle.getOrDefault(v, List.of()));
                // equal parts of one load deliver the same: their node order settles ties, so the result is a function of the tours' contents
                inClass.sort(Comparator.comparing(this::deliveryKey).thenComparing(t -> t.visits().stream().map(v -> String.format(Locale.ROOT, "%06d", v.node())).toList().toString()));
                for (int k = 0; k < inClass.size(); k++) {
                    RoutingSolution.Tour t = inClass.get(k);
                    out.add(new RoutingSolution.Tour(members.get(k), t.visits(), t.distance(), t.load(), t.risk(), t.departure(), t.returnTime()));
                }
            }
            out.sort(Comparator.comparingInt(RoutingSolution.Tour::vehicle));
            return out;
        }

        /** What a tour delivers, independent of the vehicle and of which equal part of a load it carries. */
        private String deliveryKey(RoutingSolution.Tour t) {
            StringBuilder key = new StringBuilder();
            for (RoutingSolution.Visit visit : t.visits()) {
                Load l = loads.get(visit.node() - 1);
                key.append(l.point).append(l.womenStaff ? "/W/" : "/G/").append(String.format(Locale.ROOT, "%.6f", l.tonnes)).append('@')
                        .append(String.format(Locale.ROOT, "%06d", visit.arrival())).append(';');
            }
            return key.append(String.format(Locale.ROOT, "%06d-%06d", t.departure(), t.returnTime())).toString();
        }

        Plan.LastMileTour tour(RoutingSolution.Tour t, int index) {
            TeamVehicle v = vehicles.get(t.vehicle());
            List<Plan.LastMileStop> stops = new ArrayList<>();
            int prev = 0;
            double km = 0, risk = 0, load = 0;
            for (RoutingSolution.Visit visit : t.visits()) load += loads.get(visit.node() - 1).tonnes;
            double onBoard = load;
            for (RoutingSolution.Visit visit : t.visits()) {
                Load l = loads.get(visit.node() - 1);
                RoutingProblem.Stop s = problem.stopAt(visit.node());
                onBoard -= l.tonnes;
                risk += s.risk() / RISK_UNITS;
                km += this.km[prev][visit.node()];
                stops.add(new Plan.LastMileStop(l.point, l.womenStaff, (int) problem.travelTime(prev, visit.node()), (int) visit.arrival(),
                        (int) s.earliest(), (int) s.latest(), (int) s.serviceTime(), round(this.km[prev][visit.node()]), round(l.tonnes),
                        rounded(l.manifest), round(Math.max(0, onBoard)), round(risk)));
                prev = visit.node();
            }
            km += this.km[prev][0];
            return new Plan.LastMileTour(String.format("LM-%s-%03d", id, index + 1), id, v.agency, Plan.teamId(v.agency, id), v.id, v.type,
                    v.payload, v.womenStaff, day, sunrise, sunset, (int) t.departure(), (int) t.returnTime(), (int) problem.travelTime(prev, 0),
                    round(km), round(load), round(risk), stops);
        }
    }

    /** Risk is modelled in units of 1e-4 (basis points of cargo). */
    static final double RISK_UNITS = 10_000;

    /** The hubs with deliveries, in id order, each with its routing problem. */
    static List<Hub> hubs(Scenario scenario, Plan plan, SolveOptions options) {
        Map<String, Double> scheduledShare = new LinkedHashMap<>();
        if (plan.convoySolver() != null)
            for (Plan.RouteSchedule rs : plan.routeSchedules())
                scheduledShare.put(rs.route(), rs.askedTonnes() > 0 ? Math.min(1, rs.scheduledTonnes() / rs.askedTonnes()) : 0);
        // hub -> agency -> commodity -> tonnes, and hub -> first arrival day
        Map<String, Map<String, Map<String, Double>>> delivered = new TreeMap<>();
        Map<String, Integer> firstDay = new TreeMap<>();
        for (Plan.Route r : plan.routes()) {
            double t = r.tonnesDelivered() * scheduledShare.getOrDefault(r.id(), 1.0);
            if (t <= 1e-9 || r.arrivalDay() >= options.horizonDays()) continue;
            delivered.computeIfAbsent(r.destination(), k -> new TreeMap<>()).computeIfAbsent(r.agency(), k -> new TreeMap<>())
                    .merge(r.commodity(), t, Double::sum);
            firstDay.merge(r.destination(), r.arrivalDay(), Math::min);
        }
        Map<String, Location> locations = scenario.locationsById();
        Map<String, Agency> agencies = scenario.agenciesById();
        Map<String, Commodity> commodities = scenario.commoditiesById();
        List<Hub> hubs = new ArrayList<>();
        for (var e : delivered.entrySet()) {
            Location hub = locations.get(e.getKey());
            int day = firstDay.get(e.getKey());
            double days = Math.max(1, options.horizonDays() - day);
            hubs.add(hub(scenario, options, hub, day, days, e.getValue(), agencies, commodities, awayOnConvoys(plan, hub.id(), day)));
        }
        return hubs;
    }

    /** agency/type -> trucks based at {@code hub} that are on a convoy's round trip on {@code day} (busyFromDay..busyToDay). */
    static Map<String, Integer> awayOnConvoys(Plan plan, String hub, int day) {
        Map<String, Integer> away = new TreeMap<>();
        for (Plan.Convoy c : plan.convoys())
            if (c.hub().equals(hub) && c.busyFromDay() <= day && day <= c.busyToDay())
                c.trucks().forEach((type, n) -> away.merge(c.agency() + "/" + type, n, Integer::sum));
        return away;
    }

    private static Hub hub(Scenario scenario, SolveOptions options, Location hub, int day, double days,
                           Map<String, Map<String, Double>> byAgency, Map<String, Agency> agencies, Map<String, Commodity> commodities,
                           Map<String, Integer> away) {
        LocalDate date = scenario.startDate().plusDays(day);
        int[] light = daylight(hub.lat(), date);
        List<Site> points = points(hub, options.seed());
        // daily tonnes by group (women staff or not) and commodity, pooled over agencies
        Map<Boolean, Map<String, Double>> daily = new TreeMap<>();
        Map<String, Double> dailyByAgency = new TreeMap<>();
        for (var a : byAgency.entrySet())
            for (var c : a.getValue().entrySet()) {
                boolean women = commodities.get(c.getKey()).needsWomenStaff();
                daily.computeIfAbsent(women, k -> new TreeMap<>()).merge(c.getKey(), c.getValue() / days, Double::sum);
                dailyByAgency.merge(a.getKey(), c.getValue() / days, Double::sum);
            }
        List<TeamVehicle> vehicles = vehicles(scenario, hub, day, dailyByAgency, agencies, away);
        double chunk = vehicles.stream().mapToDouble(TeamVehicle::payload).max().orElse(LIGHT_TRUCK_TONNES);
        double[][] pointKm = new double[points.size() + 1][points.size() + 1];
        double[][] coords = new double[points.size() + 1][];
        coords[0] = new double[] {hub.lat(), hub.lon()};
        for (int i = 0; i < points.size(); i++) coords[i + 1] = new double[] {points.get(i).lat(), points.get(i).lon()};
        for (int i = 0; i < coords.length; i++)
            for (int j = 0; j < coords.length; j++) pointKm[i][j] = ROAD_FACTOR * greatCircleKm(coords[i], coords[j]);
        double total = daily.values().stream().flatMap(m -> m.values().stream()).mapToDouble(Double::doubleValue).sum();
        double capacity = vehicles.stream().mapToDouble(TeamVehicle::payload).sum();
        double offered = Math.min(1, ROUND_FILL * capacity / total);  // 0 when every truck is away: all cargo waits
        List<Load> loads = new ArrayList<>(), waiting = new ArrayList<>();
        List<Integer> pointOfLoad = new ArrayList<>();
        for (int p = 0; p < points.size(); p++)
            for (var g : daily.entrySet()) {
                double share = points.get(p).share();
                double tonnes = g.getValue().values().stream().mapToDouble(Double::doubleValue).sum() * share;
                if (tonnes < 0.01) continue;
                if (offered < 1) waiting.add(new Load(points.get(p).id(), g.getKey(), tonnes * (1 - offered), scaled(g.getValue(), share * (1 - offered)), pointKm[0][p + 1]));
                int parts = (int) Math.ceil(tonnes * offered / chunk - 1e-9);
                for (int k = 0; k < parts; k++) {
                    loads.add(new Load(points.get(p).id(), g.getKey(), tonnes * offered / parts, scaled(g.getValue(), share * offered / parts), pointKm[0][p + 1]));
                    pointOfLoad.add(p + 1);
                }
            }
        int n = loads.size() + 1;
        double[][] km = new double[n][n];
        long[][] dist = new long[n][n], time = new long[n][n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                int a = i == 0 ? 0 : pointOfLoad.get(i - 1), b = j == 0 ? 0 : pointOfLoad.get(j - 1);
                km[i][j] = pointKm[a][b];
                dist[i][j] = Math.round(km[i][j] * 10);
                time[i][j] = (long) Math.ceil(km[i][j] / SPEED_KMH * 60);
            }
        double p = hubRisk(scenario, hub, day);
        double severity = severity(scenario, hub.id());
        List<RoutingProblem.Stop> stops = new ArrayList<>();
        for (int i = 0; i < loads.size(); i++) {
            Load l = loads.get(i);
            long service = Math.round(20 + 2 * l.tonnes);
            long latest = Math.max(light[0], light[1] - 30 - service);
            stops.add(new RoutingProblem.Stop(l.point + (l.womenStaff ? "-W" : "-G") + "-" + i, (long) Math.ceil(l.tonnes * 100 - 1e-9), service, light[0], latest,
                    Math.round(p * l.kmFromHub / 50 * RISK_UNITS), l.womenStaff, Math.round(severity * l.tonnes * 10_000)));
        }
        long riskCap = Math.round(options.routeRiskCap() * RISK_UNITS);
        List<RoutingProblem.Vehicle> fleet = new ArrayList<>();
        for (TeamVehicle v : vehicles)
            fleet.add(new RoutingProblem.Vehicle(v.id, Plan.teamId(v.agency, hub.id()), (long) Math.floor(v.payload * 100 + 1e-9), riskCap, v.womenStaff, light[0], light[1], 0));
        RoutingProblem problem = fleet.isEmpty() ? null : new RoutingProblem("hub " + hub.id(), stops, fleet, dist, time, 24 * 60);
        List<Plan.DistributionPoint> published = new ArrayList<>();
        for (int i = 0; i < points.size(); i++)
            published.add(new Plan.DistributionPoint(points.get(i).id(), hub.id(), hub.province(), round(pointKm[0][i + 1]), points.get(i).share(), true));
        return new Hub(hub.id(), day, light[0], light[1], published, loads, waiting, vehicles, problem, km);
    }

    /**
     * The teams' vehicles at the hub: their fleet based there less the trucks {@code away} on convoys
     * (agency/type -> count), or an illustrative light-truck team when the agency has no fleet there.
     */
    static List<TeamVehicle> vehicles(Scenario scenario, Location hub, int day, Map<String, Double> dailyByAgency, Map<String, Agency> agencies,
                                      Map<String, Integer> away) {
        List<TeamVehicle> out = new ArrayList<>();
        for (var e : dailyByAgency.entrySet()) {
            Agency a = agencies.get(e.getKey());
            boolean women = womenStaff(scenario, a, hub.province(), day);
            List<Agency.Vehicle> based = a.fleet().stream().filter(v -> v.base().equals(hub.id()) && v.count() > 0).toList();
            if (based.isEmpty()) based = List.of(new Agency.Vehicle("LIGHT_5T_ILLUSTRATIVE", LIGHT_TRUCK_TONNES, Integer.MAX_VALUE, hub.id()));
            int team = 0;
            for (Agency.Vehicle v : based) {
                int atHub = v.count() - away.getOrDefault(a.id() + "/" + v.type(), 0);
                int count = (int) Math.min(Math.min(atHub, Math.ceil(e.getValue() / v.payloadTonnes()) + 1), MAX_TEAM_VEHICLES - team);
                for (int k = 1; k <= count; k++) out.add(new TeamVehicle(a.id(), a.id() + "-" + v.type() + "-" + k, v.type(), v.payloadTonnes(), women));
                team += Math.max(0, count);
            }
        }
        return out;
    }

    /** The agency fields women staff in the province and no bar without exemption for it is in force on the day. */
    static boolean womenStaff(Scenario scenario, Agency agency, String province, int day) {
        if (!agency.fieldsWomenStaffIn(province)) return false;
        for (AccessRule r : scenario.rules())
            if (r instanceof AccessRule.WomenStaffBarred bar && bar.province().equals(province) && bar.validity().contains(day)
                    && !bar.exemptAgencies().contains(agency.id())) return false;
        return true;
    }

    /** The hub province's risk override in force on the day, else the mean base risk of the hub's roads. */
    static double hubRisk(Scenario scenario, Location hub, int day) {
        for (AccessRule r : scenario.rules())
            if (r instanceof AccessRule.RiskOverride o && hub.province().equals(o.province()) && o.validity().contains(day)) return o.risk();
        double sum = 0;
        int n = 0;
        for (Road road : scenario.roads())
            if (road.from().equals(hub.id()) || road.to().equals(hub.id())) { sum += road.baseRisk(); n++; }
        return n == 0 ? 0 : sum / n;
    }

    /** The gravest severity weight of the needs at the location (1 when it has none). */
    static double severity(Scenario scenario, String location) {
        double w = 1;
        for (Need n : scenario.needs()) if (n.location().equals(location)) w = Math.max(w, n.severityWeight());
        return w;
    }

    /** A distribution point with its position, which stays inside the stage (plans carry no coordinates). */
    record Site(String id, double lat, double lon, double share) {}

    /** ILLUSTRATIVE distribution points around a hub, by the rule in the class comment. */
    static List<Site> points(Location hub, long seed) {
        int k = (int) Math.max(3, Math.min(8, Math.ceil(hub.population() / 400_000.0)));
        SplittableRandom rnd = new SplittableRandom(seed ^ hub.id().hashCode());
        double[] bearing = new double[k], km = new double[k], weight = new double[k];
        double total = 0;
        for (int i = 0; i < k; i++) {
            bearing[i] = Math.toRadians(360.0 * i / k + rnd.nextDouble(-20, 20));
            km[i] = rnd.nextDouble(8, 40);
            weight[i] = rnd.nextDouble(0.5, 1.5);
            total += weight[i];
        }
        List<Site> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            double lat = hub.lat() + km[i] * Math.cos(bearing[i]) / 111.32;
            double lon = hub.lon() + km[i] * Math.sin(bearing[i]) / (111.32 * Math.cos(Math.toRadians(hub.lat())));
            out.add(new Site(hub.id() + "-DP" + (i + 1), lat, lon, Math.round(weight[i] / total * 1e6) / 1e6));
        }
        return out;
    }

    /**
     * Sunrise and sunset in minutes after local solar midnight: day length from the solar declination
     * (NOAA's approximation d = 23.44 sin(2 pi (284 + N) / 365)) at the latitude, centred on noon.
     */
    static int[] daylight(double latDeg, LocalDate date) {
        double decl = Math.toRadians(23.44 * Math.sin(2 * Math.PI * (284 + date.getDayOfYear()) / 365.0));
        double cosH = -Math.tan(Math.toRadians(latDeg)) * Math.tan(decl);
        double hourAngle = Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, cosH))));
        int half = (int) Math.round(hourAngle / 15 * 60);
        return new int[] {720 - half, 720 + half};
    }

    static double greatCircleKm(double[] a, double[] b) {
        double dLat = Math.toRadians(b[0] - a[0]), dLon = Math.toRadians(b[1] - a[1]);
        double h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(Math.toRadians(a[0])) * Math.cos(Math.toRadians(b[0])) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * 6371.0 * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    private static Map<String, Double> scaled(Map<String, Double> m, double factor) {
        Map<String, Double> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v * factor));
        return out;
    }

    private static Map<String, Double> rounded(Map<String, Double> m) {
        Map<String, Double> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, round(v)));
        return out;
    }

    static double round(double v) { return Math.round(v * 1000) / 1000.0; }

}
