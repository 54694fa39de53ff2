package org.corridor.resolve;

import java.util.ArrayList;
import java.util.List;
import org.corridor.access.AccessRule;
import org.corridor.scenario.Need;
import org.corridor.scenario.Problem;
import org.corridor.scenario.Road;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.ScenarioException;
import org.corridor.scenario.Stock;

/**
 * A scenario version: a base scenario and the ordered events recorded since. Version 1 is the base
 * with no events; every appended event makes the next version. {@link #scenario()} rebuilds the
 * version from scratch, so any version can be rebuilt from the base and a prefix of the log, and
 * the same base and events always give the same scenario. Immutable and thread-safe.
 */
public record ScenarioVersion(Scenario base, List<Event> events) {
    public ScenarioVersion {
        java.util.Objects.requireNonNull(base, "base scenario is required");
        events = List.copyOf(events);
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Event e : events) if (!ids.add(e.id())) throw new IllegalArgumentException("event id " + e.id() + " is used twice; give each event its own id");
    }

    /** Version number: 1 for the base, 1 + number of events after that. */
    public int number() { return 1 + events.size(); }

    /** The scenario of this version (the base with every event applied in order). */
    public Scenario scenario() { return apply(base, events); }

    /** The next version: this one with {@code event} appended (checked by applying it). */
    public ScenarioVersion append(Event event) {
        List<Event> next = new ArrayList<>(events);
        next.add(event);
        ScenarioVersion v = new ScenarioVersion(base, next);
        v.scenario(); // fail now, with a located problem, rather than when the version is used
        return v;
    }

    /**
     * Applies {@code events} to {@code base} in order. Deterministic: lists keep their order, a
     * replaced item keeps its place, an added rule goes last.
     *
     * @throws ScenarioException located at the event ({@code events} pointer {@code /i}) when an event
     *         names something that does not exist, adds a rule id already in force, or leaves the
     *         scenario inconsistent
     */
    public static Scenario apply(Scenario base, List<Event> events) {
        Scenario s = base;
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            String at = "/" + i;
            try {
                s = e.accept(new Applier(s, at));
            } catch (ScenarioException ex) {
                throw ex;
            } catch (IllegalArgumentException ex) {
                throw located(at, "event " + e.id() + ": " + ex.getMessage());
            }
        }
        return s;
    }

    private static ScenarioException located(String at, String message) {
        return new ScenarioException(List.of(new Problem("events", 0, at, message)));
    }

    /** Applies one event to one scenario. */
    private record Applier(Scenario s, String at) implements Event.Visitor<Scenario> {
        public Scenario ruleAdded(Event.RuleAdded e) {
            if (ruleIndex(e.rule().id()) >= 0) throw fail(e, "rule " + e.rule().id() + " is already in force; use a RuleModified event to change it");
            List<AccessRule> rules = new ArrayList<>(s.rules());
            rules.add(e.rule());
            return rebuild(e, rules, s.roads(), s.stocks(), s.needs());
        }

        public Scenario ruleLifted(Event.RuleLifted e) {
            int i = ruleIndex(e.ruleId());
            if (i < 0) throw fail(e, "no rule " + e.ruleId() + " is in force to lift");
            List<AccessRule> rules = new ArrayList<>(s.rules());
            rules.remove(i);
            return rebuild(e, rules, s.roads(), s.stocks(), s.needs());
        }

        public Scenario ruleModified(Event.RuleModified e) {
            int i = ruleIndex(e.rule().id());
            if (i < 0) throw fail(e, "no rule " + e.rule().id() + " is in force to modify; use a RuleAdded event");
            List<AccessRule> rules = new ArrayList<>(s.rules());
            rules.set(i, e.rule());
            return rebuild(e, rules, s.roads(), s.stocks(), s.needs());
        }

        public Scenario roadChanged(Event.RoadChanged e) {
            List<Road> roads = new ArrayList<>(s.roads());
            for (int i = 0; i < roads.size(); i++) {
                Road r = roads.get(i);
                if (!r.id().equals(e.road())) continue;
                roads.set(i, new Road(r.id(), r.from(), r.to(), r.km(), r.hours(),
                        e.capacityTpd() == null ? r.capacityTpd() : e.capacityTpd(),
                        e.baseRisk() == null ? r.baseRisk() : e.baseRisk(), r.checkpoints(), r.directed(), r.closures(), r.name()));
                return rebuild(e, s.rules(), roads, s.stocks(), s.needs());
            }
            throw fail(e, "no road " + e.road());
        }

        public Scenario stockChanged(Event.StockChanged e) {
            List<Stock> stocks = new ArrayList<>(s.stocks());
            for (int i = 0; i < stocks.size(); i++) {
                Stock k = stocks.get(i);
                if (k.agency().equals(e.agency()) && k.location().equals(e.location()) && k.commodity().equals(e.commodity())
                        && k.availableFromDay() == e.availableFromDay()) {
                    stocks.set(i, new Stock(k.agency(), k.location(), k.commodity(), e.tonnes(), k.availableFromDay()));
                    return rebuild(e, s.rules(), s.roads(), stocks, s.needs());
                }
            }
            throw fail(e, "no stock of " + e.commodity() + " for " + e.agency() + " at " + e.location() + " from day " + e.availableFromDay());
        }

        public Scenario needChanged(Event.NeedChanged e) {
            List<Need> needs = new ArrayList<>(s.needs());
            for (int i = 0; i < needs.size(); i++) {
                Need n = needs.get(i);
                if (n.location().equals(e.location()) && n.commodity().equals(e.commodity())) {
                    needs.set(i, new Need(n.location(), n.commodity(), e.tonnes(), n.phase(), n.latestDay(), n.people()));
                    return rebuild(e, s.rules(), s.roads(), s.stocks(), needs);
                }
            }
            throw fail(e, "no need of " + e.commodity() + " at " + e.location());
        }

        private int ruleIndex(String id) {
            for (int i = 0; i < s.rules().size(); i++) if (s.rules().get(i).id().equals(id)) return i;
            return -1;
        }

        /** The scenario with the changed lists; its cross-reference problems are reported at this event. */
        private Scenario rebuild(Event e, List<AccessRule> rules, List<Road> roads, List<Stock> stocks, List<Need> needs) {
            try {
                return new Scenario(s.name(), s.startDate(), s.locations(), roads, s.agencies(), s.commodities(), stocks, needs, rules);
            } catch (ScenarioException ex) {
                throw new ScenarioException(ex.problems().stream()
                        .map(p -> new Problem("events", 0, at, "event " + e.id() + ": " + p.message())).toList());
            }
        }

        private ScenarioException fail(Event e, String message) { return located(at, "event " + e.id() + ": " + message); }
    }
}
