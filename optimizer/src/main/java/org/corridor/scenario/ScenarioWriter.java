package org.corridor.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.corridor.access.RulesJson;
import org.corridor.plan.Json;

/**
 * Writes a scenario as a folder that {@link ScenarioLoader} reads back into an equal scenario (used to
 * hand synthetic instances to the command line and the benchmarks). Locations must come in the
 * loader's order: province centres, then entry points, then other places. Numbers are written in
 * full precision. Stateless and thread-safe.
 */
public final class ScenarioWriter {
    private ScenarioWriter() {}

    /**
     * Writes {@code scenario} into {@code dir} (created if needed; files of the same names are replaced).
     *
     * @param note first-line comment of every CSV, e.g. {@code SYNTHETIC: ...}; says what the data is
     */
    public static void write(Scenario scenario, Path dir, String note) {
        Map<String, String> files = new LinkedHashMap<>();
        List<List<String>> provinces = new ArrayList<>(), entries = new ArrayList<>(), places = new ArrayList<>();
        for (Location l : scenario.locations()) {
            if (l.kind() == Location.Kind.PROVINCE_CENTRE)
                provinces.add(List.of(l.id(), l.name(), num(l.lat()), num(l.lon()), String.valueOf(l.population()), l.region()));
            else if (l.kind().isEntryPoint())
                entries.add(List.of(l.id(), l.name(), l.kind() == Location.Kind.AIRPORT ? "airport" : "border_crossing", l.province(), num(l.lat()), num(l.lon())));
            else
                places.add(List.of(l.id(), l.name(), l.kind().name(), l.province(), num(l.lat()), num(l.lon()), String.valueOf(l.population())));
        }
        files.put("provinces.csv", AfghanistanData.csv(note, List.of("pcode", "name", "lat", "lon", "population", "region"), provinces));
        files.put("entry_points.csv", AfghanistanData.csv(note, List.of("id", "name", "type", "province_pcode", "lat", "lon"), entries));
        if (!places.isEmpty())
            files.put("places.csv", AfghanistanData.csv(note, List.of("id", "name", "kind", "province_pcode", "lat", "lon", "population"), places));
        List<List<String>> roads = new ArrayList<>();
        for (Road r : scenario.roads())
            roads.add(List.of(r.id(), r.from(), r.to(), num(r.km()), num(r.hours()), num(r.capacityTpd()), num(r.baseRisk()),
                    String.valueOf(r.checkpoints()), r.closures().stream().map(w -> w.fromDay() + "-" + w.toDay()).collect(Collectors.joining(";")),
                    String.valueOf(r.directed()), r.name()));
        files.put("roads.csv", AfghanistanData.csv(note, List.of("id", "from_id", "to_id", "km", "hours", "capacity_tpd", "base_risk",
                "checkpoints", "closures", "directed", "road"), roads));
        List<List<String>> agencies = new ArrayList<>(), fleet = new ArrayList<>();
        for (Agency a : scenario.agencies()) {
            agencies.add(List.of(a.id(), a.name(), a.type().name(), String.join(";", a.womenStaffProvinces())));
            for (Agency.Vehicle v : a.fleet())
                fleet.add(List.of(a.id(), v.type(), num(v.payloadTonnes()), String.valueOf(v.count()), v.base()));
        }
        files.put("agencies.csv", AfghanistanData.csv(note, List.of("id", "name", "type", "women_staff_provinces"), agencies));
        files.put("fleet.csv", AfghanistanData.csv(note, List.of("agency", "vehicle_type", "payload_t", "count", "base"), fleet));
        List<List<String>> commodities = new ArrayList<>();
        for (Commodity c : scenario.commodities())
            commodities.add(List.of(c.id(), c.name(), String.valueOf(c.priority()), String.valueOf(c.needsWomenStaff()),
                    String.valueOf(c.shelfLifeDays()), String.valueOf(c.coldChain())));
        files.put("commodities.csv", AfghanistanData.csv(note, List.of("id", "name", "priority", "needs_women_staff", "shelf_life_days", "cold_chain"), commodities));
        List<List<String>> stocks = new ArrayList<>();
        for (Stock s : scenario.stocks())
            stocks.add(List.of(s.agency(), s.location(), s.commodity(), num(s.tonnes()), String.valueOf(s.availableFromDay())));
        files.put("stocks.csv", AfghanistanData.csv(note, List.of("agency", "location", "commodity", "tonnes", "available_from_day"), stocks));
        List<List<String>> needs = new ArrayList<>();
        for (Need n : scenario.needs())
            needs.add(List.of(n.location(), n.commodity(), num(n.tonnes()), String.valueOf(n.phase()), String.valueOf(n.latestDay()), String.valueOf(n.people())));
        files.put("needs.csv", AfghanistanData.csv(note, List.of("location", "commodity", "tonnes", "phase", "latest_day", "people"), needs));
        files.put("rules.json", RulesJson.write(scenario.rules()));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", scenario.name());
        meta.put("startDate", scenario.startDate().toString());
        meta.put("illustrative", note);
        files.put("scenario.json", Json.write(meta));
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve("places.csv"));
            for (Map.Entry<String, String> f : files.entrySet()) Files.writeString(dir.resolve(f.getKey()), f.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the scenario into " + dir.getFileName(), e);
        }
    }

    /** Shortest text that reads back as the same double. */
    private static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }
}
