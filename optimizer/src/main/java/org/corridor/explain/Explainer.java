package org.corridor.explain;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.corridor.access.AccessRule;
import org.corridor.allocation.AllocationResult;
import org.corridor.allocation.Allocator;
import org.corridor.allocation.Allocator.RouteColumn;
import org.corridor.explain.Explanation.AccessValue;
import org.corridor.explain.Explanation.Cause;
import org.corridor.explain.Explanation.CauseKind;
import org.corridor.explain.Explanation.WhyUnmet;
import org.corridor.network.CompiledNetwork;
import org.corridor.plan.Plan;
import org.corridor.scenario.Agency;
import org.corridor.scenario.Location;
import org.corridor.scenario.Need;
import org.corridor.scenario.Road;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.Stock;
import org.corridor.solve.Planner;
import org.corridor.solve.SolveControl;
import org.corridor.solve.SolveOptions;
import org.corridor.solve.WorkerPool;

/**
 * Explains a plan: why each unmet need is unmet, and what each access rule costs.
 *
 * <p>Method: solve the plan, then re-solve the allocation with one thing relaxed at a time (an
 * access rule lifted, a road's capacity, a commodity's stock, an agency's fleet, the risk budget or
 * the route risk cap made non-binding) and compare unmet need per (location, commodity). A cause is
 * reported for a need only when its relaxation alone cut that need's unmet tonnes; a rule's value
 * is the severity-weighted unmet tonnes its lifting saves. Re-solves are independent and run on a
 * {@link WorkerPool} of {@code options.threads()} workers, each re-solve single-threaded; results
 * are merged in input order, so the explanation does not depend on the thread count.
 *
 * <p>Thread-safe: every call has its own pool and models.
 */
public final class Explainer {
    /** A need's unmet must fall by more than this (tonnes) for a relaxation to count as its cause. */
    static final double REDUCTION_TOLERANCE = 1e-3;
    /** Largest rule set the access search tries (beyond single rules). */
    static final int MAX_RULE_SET = 3;
    /** Rule sets of size 2..MAX_RULE_SET tried per need. */
    static final int SETS_PER_NEED = 6;
    /** Routes on which more rules than this bear are not searched for rule sets (too many subsets). */
    static final int MAX_BEARING = 6;
    /** Re-solves the rule-set search may spend over all needs. */
    static final int MAX_SET_RESOLVES = 24;
    /** Second-round relaxations (women staff, deadlines) for needs the first round left unexplained. */
    static final int MAX_SECOND_ROUND = 12;
    /** Relaxing a road or a fleet multiplies it by this: large enough that it no longer binds. */
    static final double UNBINDING_FACTOR = 100;

    private Explainer() {}

    /**
     * Solves {@code scenario} and explains the plan: why every unmet need is unmet, and the value of
     * every access rule in force in the horizon.
     *
     * @throws SolveControl.SolveCancelledException when {@code control} cancels
     */
    public static Explanation explain(Scenario scenario, SolveOptions options, SolveControl control) {
        return run(scenario, options, true, control);
    }

    /** Like {@link #explain} but only the value of access ({@code whyUnmet} is empty): fewer re-solves. */
    public static Explanation valueOfAccess(Scenario scenario, SolveOptions options, SolveControl control) {
        return run(scenario, options, false, control);
    }

    private static Explanation run(Scenario scenario, SolveOptions options, boolean whyUnmet, SolveControl control) {
        Map<String, Long> millis = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        control.progress("explain", 0.0);
        // the value of access reads only the allocation; why-unmet also reads the convoy stage's shortfalls
        Planner.Outcome base = whyUnmet ? Planner.solveInDetail(scenario, options, control) : Planner.allocate(scenario, options, control);
        millis.put("base", ms(t0));
        try (WorkerPool pool = new WorkerPool(options.effectiveThreads())) {
            t0 = System.nanoTime();
            Context ctx = new Context(scenario, options, base, pool, control);
            millis.put("prepare", ms(t0));

            t0 = System.nanoTime();
            List<AccessRule> active = ctx.active;
            List<Lifted> lifted = pool.map("explain", active, r -> liftRule(ctx, r), control);
            List<AccessValue> values = rank(ctx, lifted);
            millis.put("valueOfAccess", ms(t0));
            // summed over rules (worker time, not wall time): what the estimates cost against the re-solves
            millis.put("valueOfAccess.estimates", lifted.stream().mapToLong(Lifted::estimateMillis).sum());
            millis.put("valueOfAccess.resolves", lifted.stream().mapToLong(Lifted::resolveMillis).sum());
            // the same re-solves in CPU time of their threads: it grows only when a core runs slower (caches, memory
            // shared with the other worker), whereas wall time also grows when a worker waits or is descheduled
            millis.put("valueOfAccess.resolvesCpu", lifted.stream().mapToLong(Lifted::resolveCpuMillis).sum());

            List<WhyUnmet> why = List.of();
            if (whyUnmet) {
                t0 = System.nanoTime();
                why = new WhyAnalysis(ctx, active, lifted).run();
                millis.put("whyUnmet", ms(t0));
            }
            Plan plan = base.plan();
            return new Explanation(plan.planId(), plan.solver().inputHash(), scenario.name(), plan.kpis().coverage(),
                    DualPricing.round(ctx.baseResult.weightedUnmet()), plan.kpis().peopleReached(), why, values,
                    new Explanation.RunRecord(pool.threads(), ctx.resolves.get(), millis));
        }
    }

    // ---------------- shared state of one explanation ----------------

    /** What every re-solve compares against. */
    private static final class Context {
        final Scenario scenario;
        final SolveOptions options;
        final Planner.Outcome base;
        final WorkerPool pool;
        final SolveControl control;
        final Resolved baseResult;
        final List<RouteColumn> baseColumns;
        /**
         * What the re-solves relax, built once: the base columns' paths, with the LP started from the base plan's routes
         * for the value of access ({@code lifting}) and from the whole pool for the why-unmet relaxations ({@code relaxing}).
         * Both reach the optimum over the same pool. The why-unmet ones keep the whole pool because among equally good
         * optima a plan-started LP can pick another agency's stock (a tie, measured on Afghanistan's "stock short"
         * causes), which would reword causes without making them truer.
         */
        final Allocator.RelaxationBase relaxing, lifting;
        final DualPricing pricing;
        final RuleReach reach;
        /** Rules in force on some day of the horizon, in scenario order. */
        final List<AccessRule> active = new ArrayList<>();
        /** Route columns of the scenario with every active rule lifted. */
        final List<RouteColumn> freeColumns;
        /** Free columns on which exactly one active rule bears, by that rule's id: what lifting it alone opens or improves. */
        final Map<String, List<RouteColumn>> soleRule = new LinkedHashMap<>();
        final AtomicInteger resolves = new AtomicInteger();

        Context(Scenario scenario, SolveOptions options, Planner.Outcome base, WorkerPool pool, SolveControl control) {
            this.scenario = scenario;
            this.options = options;
            this.base = base;
            this.pool = pool;
            this.control = control;
            this.baseResult = Resolved.of(base.allocation());
            this.baseColumns = Allocator.routeColumns(base.network(), options, pool, control);
            this.relaxing = new Allocator.RelaxationBase(baseColumns);
            this.lifting = relaxing.startingFrom(base.allocation().routes());
            this.pricing = new DualPricing(base.network(), base.allocation(), baseColumns);
            this.reach = new RuleReach(scenario, options.horizonDays());
            for (AccessRule r : scenario.rules()) if (reach.active(r)) active.add(r);
            this.freeColumns = active.isEmpty() ? List.of()
                    : Allocator.routeColumns(CompiledNetwork.compile(without(scenario, ids(active)), options.horizonDays()), options, pool, control);
            for (RouteColumn c : freeColumns) {
                Set<String> bearing = reach.rulesOn(active, c);
                if (bearing.size() == 1) soleRule.computeIfAbsent(bearing.iterator().next(), k -> new ArrayList<>()).add(c);
            }
        }

        /** Re-solves the allocation of {@code s} under {@code o} on the calling thread (a relaxation other than lifting rules). */
        Resolved resolve(Scenario s, SolveOptions o) {
            return resolve(CompiledNetwork.compile(s, o.horizonDays()), o, Allocator.RouteFilter.ALL);
        }

        /** Re-solves the allocation without the rules {@code lifted}: the base pool plus the fresh routes they bear on. */
        Resolved lift(List<AccessRule> lifted) {
            Set<String> ids = ids(lifted);
            return resolve(CompiledNetwork.compile(without(scenario, ids), options.horizonDays()), options, reach.opened(lifted));
        }

        /**
         * Re-solves the allocation of a compiled network under {@code o} on the calling thread. Every
         * re-solve relaxes the base problem, and its pool keeps every base column (re-evaluated in
         * {@code net}), so its coverage optimum is never worse than the base plan's: what a relaxation
         * gains is its own doing, not an artefact of the route generator trimming a different pool.
         * Of the routes generated afresh, {@code fresh} says which may join.
         */
        Resolved resolve(CompiledNetwork net, SolveOptions o, Allocator.RouteFilter fresh) {
            return resolve(net, o, fresh, relaxing);
        }

        /** As above, relaxing {@code from}: {@link #relaxing} or {@link #lifting}. */
        Resolved resolve(CompiledNetwork net, SolveOptions o, Allocator.RouteFilter fresh, Allocator.RelaxationBase from) {
            resolves.incrementAndGet();
            try (WorkerPool one = new WorkerPool(1)) {
                return Resolved.of(Allocator.allocate(net, o, one, control, from, fresh));
            }
        }
    }

    /**
     * What a re-solve found: unmet tonnes by "location|commodity", their weighted sum, people
     * reached, and tonnes delivered to each need by each "agency from origin" (to name whose stock).
     */
    record Resolved(Map<String, Double> unmet, double weightedUnmet, double unmetTonnes, long people,
                    Map<String, Map<String, Double>> deliveredFrom) {
        static Resolved of(AllocationResult a) {
            Map<String, Double> unmet = new LinkedHashMap<>();
            double weighted = 0, tonnes = 0;
            for (Plan.Unmet u : a.unmet()) {
                unmet.put(u.location() + "|" + u.commodity(), u.tonnes());
                weighted += u.severityWeight() * u.tonnes();
                tonnes += u.tonnes();
            }
            Map<String, Map<String, Double>> from = new LinkedHashMap<>();
            for (Plan.Route r : a.routes())
                from.computeIfAbsent(r.destination() + "|" + r.commodity(), k -> new TreeMap<>())
                        .merge(r.agency() + " from " + r.origin(), r.tonnesDelivered(), Double::sum);
            return new Resolved(unmet, weighted, tonnes, a.kpis().peopleReached(), from);
        }

        double unmetOf(String need) { return unmet.getOrDefault(need, 0.0); }
    }

    // ---------------- value of access ----------------

    /** One rule lifted: its estimate (with the time it took) and the re-solve (wall and CPU time of its thread). */
    private record Lifted(AccessRule rule, Explanation.EstimateBasis estimate, Resolved result, long estimateMillis, long resolveMillis,
                          long resolveCpuMillis) {}

    /**
     * Estimates from the duals, then confirms by re-solving the scenario without {@code rule}. The
     * estimate needs no route generation of its own: the routes lifting the rule opens or improves
     * are the routes of the rule-free network on which this rule, and no other, bears (their
     * coefficients are then those of the network without this rule); capacity comes from compiling.
     */
    private static Lifted liftRule(Context ctx, AccessRule rule) {
        long t0 = System.nanoTime();
        CompiledNetwork net = CompiledNetwork.compile(without(ctx.scenario, Set.of(rule.id())), ctx.options.horizonDays());
        Explanation.EstimateBasis estimate = ctx.pricing.estimate(net, ctx.soleRule.getOrDefault(rule.id(), List.of()));
        long t1 = System.nanoTime(), cpu1 = threadCpuNanos();
        Resolved result = ctx.resolve(net, ctx.options, ctx.reach.opened(List.of(rule)), ctx.lifting);
        return new Lifted(rule, estimate, result, (t1 - t0) / 1_000_000, ms(t1), (threadCpuNanos() - cpu1) / 1_000_000);
    }

    /** Ranks rules by confirmed weighted tonnes saved, then estimate, then id. */
    private static List<AccessValue> rank(Context ctx, List<Lifted> lifted) {
        List<Lifted> sorted = new ArrayList<>(lifted);
        Comparator<Lifted> byValue = Comparator.comparingDouble((Lifted l) -> -gain(ctx, l.result()))
                .thenComparingDouble(l -> -total(l.estimate())).thenComparing(l -> l.rule().id());
        sorted.sort(byValue);
        List<AccessValue> out = new ArrayList<>();
        for (Lifted l : sorted) {
            AccessRule r = l.rule();
            out.add(new AccessValue(out.size() + 1, r.id(), r.getClass().getSimpleName(), r.describe(),
                    r instanceof AccessRule.EntryPointClosed, DualPricing.round(total(l.estimate())), DualPricing.round(gain(ctx, l.result())),
                    DualPricing.round(ctx.baseResult.unmetTonnes() - l.result().unmetTonnes()),
                    l.result().people() - ctx.baseResult.people(), l.estimate()));
        }
        return out;
    }

    private static double gain(Context ctx, Resolved r) { return ctx.baseResult.weightedUnmet() - r.weightedUnmet(); }

    private static double total(Explanation.EstimateBasis e) { return e.capacity() + e.betterRoutes() + e.newRoutes(); }

    /** The scenario with the named rules lifted. */
    static Scenario without(Scenario s, Set<String> ruleIds) {
        List<AccessRule> kept = new ArrayList<>();
        for (AccessRule r : s.rules()) if (!ruleIds.contains(r.id())) kept.add(r);
        return s.withRules(kept);
    }

    private static long ms(long t0) { return (System.nanoTime() - t0) / 1_000_000; }

    /** CPU time of the calling thread in nanoseconds (0 where the JVM cannot measure it). */
    private static long threadCpuNanos() { return Math.max(0, ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()); }

    // ---------------- why unmet ----------------

    /**
     * A relaxation other than lifting rules: one road's capacity, one commodity's stock, one
     * agency's fleet, the risk budget or cap, women staff fielded in a province, a later deadline.
     */
    private record Relaxation(CauseKind kind, List<String> subjects, String relaxation, Scenario scenario, SolveOptions options) {}

    /** Finds and confirms the causes of every unmet need. */
    private static final class WhyAnalysis {
        private final Context ctx;
        private final List<AccessRule> active;
        private final Map<String, Lifted> singles = new LinkedHashMap<>();
        private final Map<String, Set<String>> blocked = new LinkedHashMap<>();
        private final Map<String, List<RouteColumn>> baseColumnsByNeed = new LinkedHashMap<>();

        WhyAnalysis(Context ctx, List<AccessRule> active, List<Lifted> lifted) {
            this.ctx = ctx;
            this.active = active;
            for (Lifted l : lifted) singles.put(l.rule().id(), l);
            for (RouteColumn c : ctx.baseColumns) baseColumnsByNeed.computeIfAbsent(c.need(), k -> new ArrayList<>()).add(c);
        }

        List<WhyUnmet> run() {
            List<Plan.Unmet> unmet = ctx.base.allocation().unmet();
            for (Plan.Unmet u : unmet) blocked.put(key(u), blockedAgencies(u));

            // rules that bear on each need: read off the routes it would have with every rule lifted
            Map<String, List<RouteColumn>> freeColumns = new LinkedHashMap<>();
            for (RouteColumn c : ctx.freeColumns)
                if (blocked.containsKey(c.need())) freeColumns.computeIfAbsent(c.need(), k -> new ArrayList<>()).add(c);
            Map<String, Set<String>> bearing = new LinkedHashMap<>();
            for (Plan.Unmet u : unmet) {
                Set<String> b = new TreeSet<>();
                for (RouteColumn c : freeColumns.getOrDefault(key(u), List.of())) b.addAll(ctx.reach.rulesOn(active, c));
                bearing.put(key(u), b);
            }

            List<Relaxation> relaxations = relaxations(unmet);
            List<Resolved> relaxed = ctx.pool.map("explain", relaxations, r -> ctx.resolve(r.scenario(), r.options()), ctx.control);
            Map<Set<String>, Resolved> sets = ruleSets(unmet, freeColumns);

            Map<String, List<Cause>> causes = new LinkedHashMap<>();
            for (Plan.Unmet u : unmet) {
                List<Cause> cs = new ArrayList<>();
                accessCauses(u, bearing.get(key(u)), sets, cs);
                confirmed(u, relaxations, relaxed, cs);
                causes.put(key(u), cs);
            }
            // second round, only for needs still unexplained: staff and deadlines, the agencies' own limits
            List<Relaxation> second = secondRound(unmet, causes);
            List<Resolved> secondRelaxed = ctx.pool.map("explain", second, r -> ctx.resolve(r.scenario(), r.options()), ctx.control);
            for (Plan.Unmet u : unmet) if (causes.get(key(u)).isEmpty()) confirmed(u, second, secondRelaxed, causes.get(key(u)));

            // then what the convoy stage cannot truck of what the allocation routes, per need
            Map<String, ConvoyCauses.Found> convoys = ctx.base.plan().routeSchedules().isEmpty() ? Map.of()
                    : ConvoyCauses.find(ctx.scenario, ctx.base.plan(), ctx.pool, ctx.control, ctx.resolves);
            Map<String, Plan.Unmet> byNeed = new LinkedHashMap<>();
            for (Plan.Unmet u : unmet) byNeed.put(key(u), u);
            for (Need n : ctx.scenario.needs()) {
                String k = n.location() + "|" + n.commodity();
                if (convoys.containsKey(k) && !byNeed.containsKey(k)) {
                    byNeed.put(k, new Plan.Unmet(n.location(), n.commodity(), 0.0, n.severityWeight()));
                    causes.put(k, new ArrayList<>());
                    blocked.put(k, Set.of());
                }
            }
            List<Plan.Unmet> needs = new ArrayList<>(byNeed.values());
            needs.sort(Comparator.comparing(Plan.Unmet::location).thenComparing(Plan.Unmet::commodity));
            List<WhyUnmet> out = new ArrayList<>();
            Map<String, Location> locations = ctx.scenario.locationsById();
            for (Plan.Unmet u : needs) {
                List<Cause> cs = causes.get(key(u));
                ConvoyCauses.Found trucks = convoys.get(key(u));
                if (trucks != null) cs.addAll(trucks.causes());
                cs.sort(Comparator.comparingDouble((Cause c) -> -c.unmetReductionTonnes()).thenComparing(Cause::kind)
                        .thenComparing(c -> String.join(",", c.subjects())));
                String note = cs.isEmpty() ? "no single relaxation tested (rules bearing on it, roads, stock, fleet, risk limits, staff, deadline"
                        + (trucks == null ? "" : ", the convoys' fleet, caps and deadline") + ") reduced it" : "";
                out.add(new WhyUnmet(u.location(), locations.get(u.location()).province(), u.commodity(), u.tonnes(),
                        trucks == null ? 0.0 : trucks.untruckedTonnes(), u.severityWeight(), List.copyOf(blocked.get(key(u))), cs, note));
            }
            return out;
        }

        /** Adds, for each relaxation that concerns the need and cut its unmet tonnes, the cause it stands for. */
        private void confirmed(Plan.Unmet u, List<Relaxation> relaxations, List<Resolved> relaxed, List<Cause> causes) {
            for (int i = 0; i < relaxations.size(); i++) {
                double cut = u.tonnes() - relaxed.get(i).unmetOf(key(u));
                if (cut > REDUCTION_TOLERANCE && concerns(relaxations.get(i), u)) causes.add(cause(relaxations.get(i), u, relaxed.get(i), cut));
            }
        }

        /**
         * Relaxations for needs no first-round relaxation explained, at most MAX_SECOND_ROUND: for a
         * women-staff commodity whose blocked holders do not field women staff in the province, those
         * holders fielding them there; for a need whose deadline falls before the horizon's last day,
         * the deadline moved to that day.
         */
        private List<Relaxation> secondRound(List<Plan.Unmet> unmet, Map<String, List<Cause>> causes) {
            Map<String, Agency> agencies = ctx.scenario.agenciesById();
            Map<String, Location> locations = ctx.scenario.locationsById();
            int last = ctx.options.horizonDays() - 1;
            List<Relaxation> out = new ArrayList<>();
            Set<String> staffed = new LinkedHashSet<>();
            for (Plan.Unmet u : unmet) {
                if (!causes.get(key(u)).isEmpty() || out.size() >= MAX_SECOND_ROUND) continue;
                String province = locations.get(u.location()).province();
                if (ctx.scenario.commoditiesById().get(u.commodity()).needsWomenStaff() && staffed.add(province + "|" + u.commodity())) {
                    Set<String> without = new TreeSet<>();
                    for (String a : blocked.get(key(u))) if (!agencies.get(a).fieldsWomenStaffIn(province)) without.add(a);
                    List<String> subjects = new ArrayList<>(List.of(province, u.commodity()));
                    subjects.addAll(without);
                    if (!without.isEmpty()) out.add(new Relaxation(CauseKind.WOMEN_STAFF, subjects,
                            String.join(", ", without) + " field women staff in " + province, withWomenStaff(ctx.scenario, without, province), ctx.options));
                }
                for (Need n : ctx.scenario.needs())
                    if (n.location().equals(u.location()) && n.commodity().equals(u.commodity()) && n.latestDay() < last)
                        out.add(new Relaxation(CauseKind.DEADLINE, List.of(u.location(), u.commodity()),
                                "latest useful day " + n.latestDay() + " moved to " + last, withDeadline(ctx.scenario, u.location(), u.commodity(), last), ctx.options));
            }
            return out;
        }

        /**
         * Whether a relaxation can be a direct cause for the need: a road or fleet only if one of the
         * need's routes uses it, stock only of the need's own commodity. A relaxation elsewhere can
         * still move this need's unmet through the LP's alternative optima; that is not a cause.
         */
        private boolean concerns(Relaxation r, Plan.Unmet u) {
            List<RouteColumn> routes = baseColumnsByNeed.getOrDefault(key(u), List.of());
            switch (r.kind()) {
                case ROAD_CAPACITY: return routes.stream().anyMatch(c -> c.roads().contains(r.subjects().get(0)));
                case FLEET: return routes.stream().anyMatch(c -> c.agency().equals(r.subjects().get(0)));
                case STOCK: return r.subjects().get(0).equals(u.commodity());
                case WOMEN_STAFF: return r.subjects().subList(0, 2).equals(List.of(ctx.scenario.locationsById().get(u.location()).province(), u.commodity()));
                case DEADLINE: return r.subjects().equals(List.of(u.location(), u.commodity()));
                default: return true;
            }
        }

        /** Agencies holding stock of the need's commodity that have no admissible route to it, sorted. */
        private Set<String> blockedAgencies(Plan.Unmet u) {
            Set<String> holders = new TreeSet<>();
            for (Stock s : ctx.scenario.stocks()) if (s.commodity().equals(u.commodity()) && s.tonnes() > 0) holders.add(s.agency());
            for (RouteColumn c : baseColumnsByNeed.getOrDefault(key(u), List.of())) holders.remove(c.agency());
            return holders;
        }

        /** Single rules bearing on the need whose lifting cut it, or else the smallest confirmed rule set. */
        private void accessCauses(Plan.Unmet u, Set<String> bearing, Map<Set<String>, Resolved> sets, List<Cause> causes) {
            String need = key(u);
            for (String id : bearing) {
                Lifted l = singles.get(id);
                double cut = u.tonnes() - l.result().unmetOf(need);
                if (cut > REDUCTION_TOLERANCE) causes.add(accessCause(u, List.of(l.rule()), cut));
            }
            if (!causes.isEmpty()) return;
            // every confirmed set of the smallest size found
            int smallest = Integer.MAX_VALUE;
            for (Map.Entry<Set<String>, Resolved> e : sets.entrySet())
                if (bearing.containsAll(e.getKey()) && u.tonnes() - e.getValue().unmetOf(need) > REDUCTION_TOLERANCE)
                    smallest = Math.min(smallest, e.getKey().size());
            for (Map.Entry<Set<String>, Resolved> e : sets.entrySet()) {
                double cut = u.tonnes() - e.getValue().unmetOf(need);
                if (e.getKey().size() != smallest || !bearing.containsAll(e.getKey()) || cut <= REDUCTION_TOLERANCE) continue;
                List<AccessRule> rules = new ArrayList<>();
                for (AccessRule r : active) if (e.getKey().contains(r.id())) rules.add(r);
                causes.add(accessCause(u, rules, cut));
            }
        }

        private Cause accessCause(Plan.Unmet u, List<AccessRule> rules, double cut) {
            List<String> ids = new ArrayList<>(), words = new ArrayList<>();
            for (AccessRule r : rules) {
                ids.add(r.id());
                words.add(r.describe());
            }
            Set<String> opened = opensPathFor(u, new TreeSet<>(ids));
            String text = opened.isEmpty()
                    ? String.join(" and ", words) + " limits delivery of " + u.commodity() + " to " + u.location()
                    : "no admissible path to " + u.location() + " for " + String.join(", ", opened) + " (holding " + u.commodity()
                      + "); lifting " + String.join(" and ", words) + " opens one";
            return new Cause(CauseKind.ACCESS, ids, text, DualPricing.round(cut), "lift " + String.join(" + ", ids), true);
        }

        /** Blocked agencies that get a route to the need once {@code ruleIds} are lifted (their rule-free routes bear no other rule). */
        private Set<String> opensPathFor(Plan.Unmet u, Set<String> ruleIds) {
            Set<String> out = new TreeSet<>();
            Set<String> b = blocked.get(key(u));
            for (RouteColumn c : ctx.freeColumns)
                if (c.need().equals(key(u)) && b.contains(c.agency()) && ruleIds.containsAll(ctx.reach.rulesOn(active, c))) out.add(c.agency());
            return out;
        }

        /**
         * Rule sets of size 2..MAX_RULE_SET to re-solve, smallest first: for each need with blocked
         * agencies and no confirmed single rule, the subsets of the rules bearing on one of its routes
         * (with every rule lifted) of those agencies; at most SETS_PER_NEED per need and
         * MAX_SET_RESOLVES in all. Trying subsets, not only whole bearing sets, is what makes the
         * reported set the smallest one found.
         */
        private Map<Set<String>, Resolved> ruleSets(List<Plan.Unmet> unmet, Map<String, List<RouteColumn>> freeColumns) {
            Set<Set<String>> wanted = new LinkedHashSet<>();
            for (Plan.Unmet u : unmet) {
                String need = key(u);
                Set<String> b = blocked.get(need);
                if (b.isEmpty() || confirmedSingle(u)) continue;
                TreeMap<String, Set<String>> candidates = new TreeMap<>();
                for (RouteColumn c : freeColumns.getOrDefault(need, List.of())) {
                    if (!b.contains(c.agency())) continue;
                    List<String> rs = new ArrayList<>(ctx.reach.rulesOn(active, c));
                    if (rs.size() < 2 || rs.size() > MAX_BEARING) continue;
                    for (Set<String> sub : subsets(rs)) candidates.put(sub.size() + "|" + String.join(",", sub), sub);
                }
                int taken = 0;
                for (Set<String> rs : candidates.values()) {
                    if (taken++ == SETS_PER_NEED || wanted.size() == MAX_SET_RESOLVES) break;
                    wanted.add(rs);
                }
            }
            List<Set<String>> list = new ArrayList<>(wanted);
            List<Resolved> results = ctx.pool.map("explain", list, rs -> ctx.lift(rulesOf(rs)), ctx.control);
            Map<Set<String>, Resolved> out = new LinkedHashMap<>();
            for (int i = 0; i < list.size(); i++) out.put(list.get(i), results.get(i));
            return out;
        }

        /** The active rules with the given ids, in scenario order. */
        private List<AccessRule> rulesOf(Set<String> ids) {
            List<AccessRule> out = new ArrayList<>();
            for (AccessRule r : active) if (ids.contains(r.id())) out.add(r);
            return out;
        }

        /** Subsets of {@code ids} (sorted) with 2..MAX_RULE_SET elements. */
        private static List<Set<String>> subsets(List<String> ids) {
            List<Set<String>> out = new ArrayList<>();
            for (int mask = 1; mask < 1 << ids.size(); mask++) {
                int size = Integer.bitCount(mask);
                if (size < 2 || size > MAX_RULE_SET) continue;
                Set<String> sub = new TreeSet<>();
                for (int i = 0; i < ids.size(); i++) if ((mask & 1 << i) != 0) sub.add(ids.get(i));
                out.add(sub);
            }
            return out;
        }

        private boolean confirmedSingle(Plan.Unmet u) {
            for (Lifted l : singles.values()) if (u.tonnes() - l.result().unmetOf(key(u)) > REDUCTION_TOLERANCE) return true;
            return false;
        }

        /**
         * The non-rule relaxations worth a re-solve, in a fixed order: each road with a binding capacity
         * row (dual != 0) on a route to an unmet need; each commodity with unmet need (its stock
         * raised); each agency with a binding fleet row and a route to an unmet need; the risk budget
         * when one is set; the route risk cap when it is below 1.
         */
        private List<Relaxation> relaxations(List<Plan.Unmet> unmet) {
            AllocationResult.Duals y = ctx.base.allocation().duals();
            Set<String> roads = new TreeSet<>(), agencies = new TreeSet<>(), commodities = new TreeSet<>();
            for (Plan.Unmet u : unmet) {
                commodities.add(u.commodity());
                for (RouteColumn c : baseColumnsByNeed.getOrDefault(key(u), List.of())) {
                    for (String road : c.roads()) if (Math.abs(y.roadCapacity().getOrDefault(road, 0.0)) > DualPricing.PRICE_TOLERANCE) roads.add(road);
                    if (Math.abs(y.fleet().getOrDefault(c.agency(), 0.0)) > DualPricing.PRICE_TOLERANCE) agencies.add(c.agency());
                }
            }
            List<Relaxation> out = new ArrayList<>();
            Scenario s = ctx.scenario;
            SolveOptions o = ctx.options;
            for (String road : roads) out.add(new Relaxation(CauseKind.ROAD_CAPACITY, List.of(road),
                    "capacity of road " + road + " x" + (int) UNBINDING_FACTOR, withRoadCapacity(s, road), o));
            Map<String, Double> unmetByCommodity = new TreeMap<>();
            for (Plan.Unmet u : unmet) unmetByCommodity.merge(u.commodity(), u.tonnes(), Double::sum);
            for (String c : commodities) out.add(new Relaxation(CauseKind.STOCK, List.of(c),
                    "every stock lot of " + c + " raised by its total unmet need (" + Math.round(unmetByCommodity.get(c)) + " t)",
                    withStock(s, c, unmetByCommodity.get(c)), o));
            for (String a : agencies) out.add(new Relaxation(CauseKind.FLEET, List.of(a),
                    "trucks of " + a + " x" + (int) UNBINDING_FACTOR, withFleet(s, a), o));
            if (o.riskBudget() != null) out.add(new Relaxation(CauseKind.RISK_BUDGET, List.of(), "no risk budget", s,
                    new SolveOptions(o.horizonDays(), null, o.riskWeight(), o.routeRiskCap(), o.equityFloor(), o.timeLimitSeconds(), 1, o.seed())));
            if (o.routeRiskCap() < 1) out.add(new Relaxation(CauseKind.ROUTE_RISK_CAP, List.of(), "route risk cap raised to 100 %", s,
                    new SolveOptions(o.horizonDays(), o.riskBudget(), o.riskWeight(), 1.0, o.equityFloor(), o.timeLimitSeconds(), 1, o.seed())));
            return out;
        }

        /** The cause a confirmed relaxation stands for, in domain words. */
        private Cause cause(Relaxation r, Plan.Unmet u, Resolved relaxed, double cut) {
            String text;
            switch (r.kind()) {
                case ROAD_CAPACITY: {
                    String road = r.subjects().get(0);
                    CompiledNetwork.EffectiveRoad e = ctx.base.network().roads().get(road);
                    String name = e.road().name().isBlank() ? "" : " (" + e.road().name() + ")";
                    text = "road " + road + name + " at capacity: " + Math.round(e.openCapacity()) + " t over the horizon";
                    break;
                }
                case STOCK: {
                    text = u.commodity() + " stock short: " + sources(u, relaxed);
                    break;
                }
                case FLEET: {
                    Agency a = ctx.scenario.agenciesById().get(r.subjects().get(0));
                    text = "fleet of " + a.id() + " exhausted: " + a.truckCount() + " trucks x " + ctx.options.horizonDays() + " days all committed";
                    break;
                }
                case WOMEN_STAFF: {
                    List<String> agencies = r.subjects().subList(2, r.subjects().size());
                    text = u.commodity() + " needs women staff to distribute, and " + String.join(", ", agencies) + " (holding it) field none in "
                            + r.subjects().get(0) + "; if they did, it would reach " + u.location();
                    break;
                }
                case DEADLINE:
                    text = "no route arrives by the need's latest useful day; " + r.relaxation() + ", one would";
                    break;
                case RISK_BUDGET:
                    text = "risk budget of " + percent(ctx.options.riskBudget()) + " expected diversion binds";
                    break;
                case ROUTE_RISK_CAP:
                    text = "route risk cap of " + percent(ctx.options.routeRiskCap()) + " rules out the routes that would reach it";
                    break;
                default:
                    throw new IllegalStateException("access causes are built by accessCauses");
            }
            return new Cause(r.kind(), r.subjects(), text, DualPricing.round(cut), r.relaxation(), true);
        }

        /** Whose stock, from where, reaches the need once stock is raised: the sources whose deliveries grew. */
        private String sources(Plan.Unmet u, Resolved relaxed) {
            Map<String, Double> before = ctx.baseResult.deliveredFrom().getOrDefault(key(u), Map.of());
            List<Map.Entry<String, Double>> grew = new ArrayList<>();
            for (Map.Entry<String, Double> e : relaxed.deliveredFrom().getOrDefault(key(u), Map.of()).entrySet()) {
                double more = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
                if (more > REDUCTION_TOLERANCE) grew.add(Map.entry(e.getKey(), more));
            }
            grew.sort(Comparator.comparingDouble((Map.Entry<String, Double> e) -> -e.getValue()).thenComparing(Map.Entry::getKey));
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, Double> e : grew.subList(0, Math.min(3, grew.size())))
                parts.add(e.getKey() + " (+" + Math.round(e.getValue()) + " t)");
            return parts.isEmpty() ? "more stock would be used elsewhere first" : "more stock of " + String.join(", ", parts) + " would reach it";
        }
    }

    private static String key(Plan.Unmet u) { return u.location() + "|" + u.commodity(); }

    static Set<String> ids(List<AccessRule> rules) {
        Set<String> out = new LinkedHashSet<>();
        for (AccessRule r : rules) out.add(r.id());
        return out;
    }

    private static String percent(double share) { return Math.round(share * 1000) / 10.0 + " %"; }

    /** The scenario with one road's daily capacity multiplied by {@link #UNBINDING_FACTOR}. */
    static Scenario withRoadCapacity(Scenario s, String roadId) {
        List<Road> roads = new ArrayList<>();
        for (Road r : s.roads())
            roads.add(!r.id().equals(roadId) ? r : new Road(r.id(), r.from(), r.to(), r.km(), r.hours(), r.capacityTpd() * UNBINDING_FACTOR,
                    r.baseRisk(), r.checkpoints(), r.directed(), r.closures(), r.name()));
        return new Scenario(s.name(), s.startDate(), s.locations(), roads, s.agencies(), s.commodities(), s.stocks(), s.needs(), s.rules());
    }

    /** The scenario with every stock lot of {@code commodity} raised by {@code tonnes}. */
    static Scenario withStock(Scenario s, String commodity, double tonnes) {
        List<Stock> stocks = new ArrayList<>();
        for (Stock st : s.stocks())
            stocks.add(!st.commodity().equals(commodity) ? st : new Stock(st.agency(), st.location(), st.commodity(), st.tonnes() + tonnes, st.availableFromDay()));
        return new Scenario(s.name(), s.startDate(), s.locations(), s.roads(), s.agencies(), s.commodities(), stocks, s.needs(), s.rules());
    }

    /** The scenario with {@code agencyIds} fielding women staff in {@code province} too. */
    static Scenario withWomenStaff(Scenario s, Set<String> agencyIds, String province) {
        List<Agency> agencies = new ArrayList<>();
        for (Agency a : s.agencies()) {
            if (!agencyIds.contains(a.id())) { agencies.add(a); continue; }
            Set<String> provinces = new TreeSet<>(a.womenStaffProvinces());
            provinces.add(province);
            agencies.add(new Agency(a.id(), a.name(), a.type(), provinces, a.fleet()));
        }
        return new Scenario(s.name(), s.startDate(), s.locations(), s.roads(), agencies, s.commodities(), s.stocks(), s.needs(), s.rules());
    }

    /** The scenario with the need of {@code commodity} at {@code location} useful until {@code day}. */
    static Scenario withDeadline(Scenario s, String location, String commodity, int day) {
        List<Need> needs = new ArrayList<>();
        for (Need n : s.needs())
            needs.add(!n.location().equals(location) || !n.commodity().equals(commodity) ? n
                    : new Need(n.location(), n.commodity(), n.tonnes(), n.phase(), day, n.people()));
        return new Scenario(s.name(), s.startDate(), s.locations(), s.roads(), s.agencies(), s.commodities(), s.stocks(), needs, s.rules());
    }

    /** The scenario with every vehicle count of {@code agencyId} multiplied by {@link #UNBINDING_FACTOR}. */
    static Scenario withFleet(Scenario s, String agencyId) {
        List<Agency> agencies = new ArrayList<>();
        for (Agency a : s.agencies()) {
            if (!a.id().equals(agencyId)) { agencies.add(a); continue; }
            List<Agency.Vehicle> fleet = new ArrayList<>();
            for (Agency.Vehicle v : a.fleet()) fleet.add(new Agency.Vehicle(v.type(), v.payloadTonnes(), (int) (v.count() * UNBINDING_FACTOR), v.base()));
            agencies.add(new Agency(a.id(), a.name(), a.type(), a.womenStaffProvinces(), fleet));
        }
        return new Scenario(s.name(), s.startDate(), s.locations(), s.roads(), agencies, s.commodities(), s.stocks(), s.needs(), s.rules());
    }
}
