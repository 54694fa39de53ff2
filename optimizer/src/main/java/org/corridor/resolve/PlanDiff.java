package org.corridor.resolve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.corridor.access.AccessRule;
import org.corridor.convoy.Dispatch;
import org.corridor.plan.Plan;
import org.corridor.scenario.Location;
import org.corridor.scenario.Scenario;

/**
 * What changed for each field team between two plan versions (wire format, serialised as-is):
 * convoys cancelled, added, rerouted, re-timed or with another manifest, each attributed to the
 * first event that touches its route (a road, a place, a province, the stock it loads or the need it
 * serves), or to {@link #REOPTIMISATION} when no event does.
 *
 * <p>Convoys are matched by content, not id (ids embed route numbers, which every plan renumbers):
 * same team, agency, commodity, ends, roads, departure day, trucks and manifest is "unchanged"; the
 * rest pairs up step by step (same day and roads: manifest changed; same roads: re-timed; same ends:
 * rerouted), and what is left is cancelled (only in the old plan) or added (only in the new one).
 *
 * @param teams per field team with at least one convoy in either plan, by team id
 */
public record PlanDiff(String fromPlan, int fromVersion, String toPlan, int toVersion, List<String> events,
                       List<TeamChanges> teams) {
    /** Cause of a change no event touches. */
    public static final String REOPTIMISATION = "re-optimisation";

    public PlanDiff {
        events = List.copyOf(events);
        teams = List.copyOf(teams);
    }

    /** Kinds of change to a convoy. */
    public enum Kind { CANCELLED, ADDED, REROUTED, RETIMED, MANIFEST_CHANGED }

    /**
     * One team's changes.
     *
     * @param unchanged convoys of the old plan the new plan keeps as they were
     */
    public record TeamChanges(String team, int unchanged, List<ConvoyChange> changes) {
        public TeamChanges { changes = List.copyOf(changes); }
    }

    /**
     * One change to a convoy.
     *
     * @param before convoy id in the old plan (null when added)
     * @param after  convoy id in the new plan (null when cancelled)
     * @param cause  id of the event that caused it, or {@link #REOPTIMISATION}
     * @param detail one line for the field team (days, roads, tonnes; never a coordinate)
     */
    public record ConvoyChange(Kind kind, String before, String after, String cause, String detail) {}

    /** This diff with only {@code team}'s changes (what that field team may see); no entry when it has none. */
    public PlanDiff onlyTeam(String team) {
        return new PlanDiff(fromPlan, fromVersion, toPlan, toVersion, events, teams.stream().filter(t -> t.team().equals(team)).toList());
    }

    /** {@code team}'s changes as its dispatch carries them ({@link Dispatch#changesSincePrevious()}). */
    public List<Dispatch.Change> changesFor(String team) {
        List<Dispatch.Change> out = new ArrayList<>();
        for (TeamChanges t : teams)
            if (t.team().equals(team))
                for (ConvoyChange c : t.changes())
                    out.add(new Dispatch.Change(c.kind().name(), c.after() != null ? c.after() : c.before(), c.detail(), c.cause()));
        return out;
    }

    /** Number of convoys changed in any way, over all teams. */
    public int changedConvoys() { return teams.stream().mapToInt(t -> t.changes().size()).sum(); }

    /**
     * @param before the scenario version plan {@code a} was made for (events are read against it); may
     *               be null when {@code events} is empty
     * @param a      the old plan
     * @param b      the new plan
     * @param events the events between the two versions, in order
     */
    public static PlanDiff between(Scenario before, Plan a, Plan b, List<Event> events) {
        if (before == null && !events.isEmpty()) throw new IllegalArgumentException("events need the scenario they are read against");
        List<Footprint> prints = Footprint.of(before, events);
        Map<String, String> province = new LinkedHashMap<>();
        if (before != null) for (Location l : before.locations()) province.put(l.id(), l.province());
        Map<String, List<Seen>> oldByTeam = seen(a, a), newByTeam = seen(b, a);
        Set<String> teamIds = new TreeSet<>(oldByTeam.keySet());
        teamIds.addAll(newByTeam.keySet());
        List<TeamChanges> teams = new ArrayList<>();
        for (String team : teamIds) {
            List<Seen> olds = new ArrayList<>(oldByTeam.getOrDefault(team, List.of()));
            List<Seen> news = new ArrayList<>(newByTeam.getOrDefault(team, List.of()));
            int unchanged = pair(olds, news, Seen::exact, null, null, prints, province);
            List<ConvoyChange> changes = new ArrayList<>();
            pair(olds, news, Seen::sameDay, Kind.MANIFEST_CHANGED, changes, prints, province);
            pair(olds, news, Seen::sameRoads, Kind.RETIMED, changes, prints, province);
            pair(olds, news, Seen::lane, Kind.REROUTED, changes, prints, province);
            for (Seen o : olds) changes.add(new ConvoyChange(Kind.CANCELLED, o.c.id(), null, cause(prints, province, o, null),
                    "day " + o.c.departureDay() + ", " + tonnes(o.c) + " t of " + String.join("+", o.c.manifest().keySet()) + " no longer sent"));
            for (Seen n : news) changes.add(new ConvoyChange(Kind.ADDED, null, n.c.id(), cause(prints, province, null, n),
                    "day " + n.c.departureDay() + " via " + String.join(",", n.roads) + ", " + tonnes(n.c) + " t"));
            teams.add(new TeamChanges(team, unchanged, changes));
        }
        return new PlanDiff(a.planId(), a.version(), b.planId(), b.version(), events.stream().map(Event::id).toList(), teams);
    }

    /** Pairs old and new convoys with equal {@code key}, in id order; records a change of {@code kind} per pair (none when null). */
    private static int pair(List<Seen> olds, List<Seen> news, Function<Seen, String> key, Kind kind, List<ConvoyChange> out,
                            List<Footprint> prints, Map<String, String> province) {
        int n = 0;
        for (var it = olds.iterator(); it.hasNext(); ) {
            Seen o = it.next();
            String k = key.apply(o);
            Seen match = news.stream().filter(x -> key.apply(x).equals(k)).findFirst().orElse(null);
            if (match == null) continue;
            it.remove();
            news.remove(match);
            n++;
            if (kind == null) continue;
            String detail = switch (kind) {
                case MANIFEST_CHANGED -> "day " + o.c.departureDay() + ": " + tonnes(o.c) + " t -> " + tonnes(match.c) + " t, trucks "
                        + o.c.truckCount() + " -> " + match.c.truckCount();
                case RETIMED -> "departure day " + o.c.departureDay() + " -> " + match.c.departureDay();
                default -> "roads " + String.join(",", o.roads) + " -> " + String.join(",", match.roads) + ", day "
                        + o.c.departureDay() + " -> " + match.c.departureDay();
            };
            out.add(new ConvoyChange(kind, o.c.id(), match.c.id(), cause(prints, province, o, match), detail));
        }
        return n;
    }

    /** The first event whose footprint meets the route of the old or the new convoy. */
    private static String cause(List<Footprint> prints, Map<String, String> province, Seen o, Seen n) {
        for (Footprint f : prints)
            if ((o != null && f.touches(o, province)) || (n != null && f.touches(n, province))) return f.event;
        return REOPTIMISATION;
    }

    private static String tonnes(Plan.Convoy c) {
        return String.format(java.util.Locale.ROOT, "%.1f", c.manifest().values().stream().mapToDouble(Double::doubleValue).sum());
    }

    /**
     * The one definition of an <em>unaffected convoy</em>, used by the re-solve (which keeps these convoys
     * as they were) and by {@code bench/resolve.sh} (which counts how many stay unchanged): a convoy of
     * {@code plan} whose route uses no road, place (entry point, stop) or province any of {@code events}
     * names, and which loads no stock and serves no need any of them changes. A rule for one agency or one
     * commodity in a province counts for every convoy through that province (a superset, on purpose:
     * "unaffected" must never include a convoy the event may force to change).
     *
     * @param before the scenario version {@code plan} was made for (events are read against it)
     * @return ids of the unaffected convoys, sorted
     */
    public static Set<String> unaffectedConvoys(Scenario before, List<Event> events, Plan plan) {
        List<Footprint> prints = Footprint.of(before, events);
        Map<String, String> province = new LinkedHashMap<>();
        for (Location l : before.locations()) province.put(l.id(), l.province());
        Map<String, Plan.Route> routes = new LinkedHashMap<>();
        for (Plan.Route r : plan.routes()) routes.put(r.id(), r);
        Set<String> out = new TreeSet<>();
        for (Plan.Convoy c : plan.convoys()) {
            Plan.Route r = routes.get(c.route()); // null: a departed convoy of an older version, whose route has gone
            if (r != null && cause(prints, province, new Seen(c, r, r.legs().stream().map(Plan.Leg::road).toList()), null).equals(REOPTIMISATION))
                out.add(c.id());
        }
        return out;
    }

    /**
     * How many of the convoys {@code ids} of plan {@code a} plan {@code b} keeps unchanged: same team, agency,
     * commodity, ends, roads, departure day, trucks and manifest (each convoy of {@code b} counts once).
     */
    public static int unchangedAmong(Set<String> ids, Plan a, Plan b) {
        Map<String, Integer> kept = new LinkedHashMap<>();
        for (List<Seen> team : seen(b, a).values()) for (Seen s : team) kept.merge(s.c.team() + "|" + s.exact(), 1, Integer::sum);
        int n = 0;
        for (List<Seen> team : seen(a, a).values())
            for (Seen s : team) {
                if (!ids.contains(s.c.id())) continue;
                String k = s.c.team() + "|" + s.exact();
                Integer left = kept.get(k);
                if (left == null || left == 0) continue;
                kept.put(k, left - 1);
                n++;
            }
        return n;
    }

    /** Convoys of {@code plan} by team, with their routes; a frozen convoy whose route left the plan is read from {@code previous}. */
    private static Map<String, List<Seen>> seen(Plan plan, Plan previous) {
        Map<String, Plan.Route> routes = new LinkedHashMap<>(), old = new LinkedHashMap<>();
        for (Plan.Route r : plan.routes()) routes.put(r.id(), r);
        for (Plan.Route r : previous.routes()) old.put(r.id(), r);
        Map<String, List<Seen>> out = new TreeMap<>();
        List<Plan.Convoy> convoys = new ArrayList<>(plan.convoys());
        convoys.sort(Comparator.comparing(Plan.Convoy::id));
        for (Plan.Convoy c : convoys) {
            Plan.Route r = routes.get(c.route());
            if (r == null && c.route().startsWith(Resolver.PREVIOUS_ROUTE)) r = old.get(c.route().substring(Resolver.PREVIOUS_ROUTE.length()));
            if (r == null) throw new IllegalArgumentException("convoy " + c.id() + " names route " + c.route() + ", which its plan does not have");
            out.computeIfAbsent(c.team(), t -> new ArrayList<>()).add(new Seen(c, r, r.legs().stream().map(Plan.Leg::road).toList()));
        }
        return out;
    }

    /** A convoy with its route. */
    record Seen(Plan.Convoy c, Plan.Route r, List<String> roads) {
        String lane() { return c.agency() + "|" + r.commodity() + "|" + r.origin() + "|" + r.destination(); }
        String sameRoads() { return lane() + "|" + roads; }
        String sameDay() { return sameRoads() + "|" + c.departureDay(); }
        String exact() { return sameDay() + "|" + c.trucks() + "|" + c.manifest(); }
        Set<String> places() {
            Set<String> p = new TreeSet<>();
            p.add(r.origin());
            for (Plan.Leg l : r.legs()) { p.add(l.from()); p.add(l.to()); }
            return p;
        }
    }

    /** What one event touches, read against the scenario before it. */
    record Footprint(String event, Set<String> roads, Set<String> places, Set<String> provinces, Set<String> keys) {
        boolean touches(Seen s, Map<String, String> province) {
            for (String road : s.roads) if (roads.contains(road)) return true;
            for (String p : s.places()) if (places.contains(p) || provinces.contains(province.getOrDefault(p, ""))) return true;
            return keys.contains("need|" + s.r.destination() + "|" + s.r.commodity())
                    || keys.contains("stock|" + s.c.agency() + "|" + s.r.origin() + "|" + s.r.commodity());
        }

        static List<Footprint> of(Scenario base, List<Event> events) {
            List<Footprint> out = new ArrayList<>();
            Scenario s = base;
            for (Event e : events) {
                Footprint f = new Footprint(e.id(), new TreeSet<>(), new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
                Scenario before = s;
                e.accept(new Event.Visitor<Void>() {
                    public Void ruleAdded(Event.RuleAdded x) { f.rule(x.rule()); return null; }
                    public Void ruleLifted(Event.RuleLifted x) {
                        before.rules().stream().filter(r -> r.id().equals(x.ruleId())).forEach(f::rule);
                        return null;
                    }
                    public Void ruleModified(Event.RuleModified x) {
                        before.rules().stream().filter(r -> r.id().equals(x.rule().id())).forEach(f::rule);
                        f.rule(x.rule());
                        return null;
                    }
                    public Void roadChanged(Event.RoadChanged x) { f.roads.add(x.road()); return null; }
                    public Void stockChanged(Event.StockChanged x) { f.keys.add("stock|" + x.agency() + "|" + x.location() + "|" + x.commodity()); return null; }
                    public Void needChanged(Event.NeedChanged x) { f.keys.add("need|" + x.location() + "|" + x.commodity()); return null; }
                });
                out.add(f);
                s = ScenarioVersion.apply(s, List.of(e));
            }
            return out;
        }

        void rule(AccessRule rule) {
            rule.accept(new AccessRule.Visitor<Void>() {
                public Void roadClosed(AccessRule.RoadClosed r) { roads.add(r.road()); return null; }
                public Void entryPointClosed(AccessRule.EntryPointClosed r) { places.add(r.entryPoint()); return null; }
                public Void areaDenied(AccessRule.AreaDenied r) { provinces.add(r.province()); return null; }
                public Void permitRequired(AccessRule.PermitRequired r) { provinces.add(r.province()); return null; }
                public Void womenStaffBarred(AccessRule.WomenStaffBarred r) { provinces.add(r.province()); return null; }
                public Void convoySizeLimit(AccessRule.ConvoySizeLimit r) { provinces.add(r.province()); return null; }
                public Void commodityRestricted(AccessRule.CommodityRestricted r) { provinces.add(r.province()); return null; }
                public Void escortImposed(AccessRule.EscortImposed r) { roads.add(r.road()); return null; }
                public Void riskOverride(AccessRule.RiskOverride r) {
                    if (r.road() != null) roads.add(r.road());
                    if (r.province() != null) provinces.add(r.province());
                    return null;
                }
            });
        }
    }
}
