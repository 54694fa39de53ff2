package org.corridor.allocation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.corridor.scenario.Agency;
import org.corridor.scenario.Need;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.Stock;

/**
 * The supply and demand sides of the LP, indexed: one stock lot per (agency, location, commodity,
 * available-from day) and one need per (location, commodity), as the scenario guarantees.
 */
final class Demand {

    /** Tonnes of one commodity one agency holds at one location from one day. */
    record Lot(String agency, String location, String commodity, int availableFromDay, double tonnes) {
        String key() { return agency + "|" + location + "|" + commodity + "|" + availableFromDay; }
    }

    /** Need of one commodity at one location, with its severity weight w and deadline. */
    record NeedGroup(String location, String commodity, double tonnes, double weight, int latestDay, long people) {
        String key() { return location + "|" + commodity; }
    }

    final List<Lot> lots;
    final List<NeedGroup> needs;
    /** Lot index by {@link Lot#key()}. */
    final Map<String, Integer> lotIndex = new LinkedHashMap<>();
    /** Need index by location, then commodity: looked up for every path and lot, so without building a text key. */
    private final Map<String, Map<String, Integer>> needIndex = new LinkedHashMap<>();

    private Demand(List<Lot> lots, List<NeedGroup> needs) {
        this.lots = List.copyOf(lots);
        this.needs = List.copyOf(needs);
        for (int i = 0; i < lots.size(); i++) lotIndex.put(lots.get(i).key(), i);
        for (int i = 0; i < needs.size(); i++)
            needIndex.computeIfAbsent(needs.get(i).location(), k -> new LinkedHashMap<>()).put(needs.get(i).commodity(), i);
    }

    /** Lots and needs with positive tonnes, in scenario order (the scenario rejects duplicate keys). */
    static Demand of(Scenario s) {
        List<Lot> lots = new ArrayList<>();
        for (Stock st : s.stocks())
            if (st.tonnes() > 0) lots.add(new Lot(st.agency(), st.location(), st.commodity(), st.availableFromDay(), st.tonnes()));
        List<NeedGroup> needs = new ArrayList<>();
        for (Need n : s.needs())
            if (n.tonnes() > 0) needs.add(new NeedGroup(n.location(), n.commodity(), n.tonnes(), n.severityWeight(), n.latestDay(), n.people()));
        return new Demand(lots, needs);
    }

    /** Index of the need for (location, commodity), or -1. */
    int need(String location, String commodity) {
        Integer i = needIndex.getOrDefault(location, Map.of()).get(commodity);
        return i == null ? -1 : i;
    }

    /** Mean payload of an agency's trucks, weighted by count: sum(n q) / sum(n); 0 without trucks. */
    static double meanPayload(Agency a) {
        double tonnes = 0;
        for (Agency.Vehicle v : a.fleet()) tonnes += v.count() * v.payloadTonnes();
        int trucks = a.truckCount();
        return trucks == 0 ? 0 : tonnes / trucks;
    }
}
