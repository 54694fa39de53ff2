package org.corridor.api.plan;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.corridor.plan.Plan;
import org.corridor.scenario.Location;
import org.corridor.scenario.Need;
import org.corridor.scenario.Scenario;

/**
 * The plan in the formats humanitarian tools read: GeoJSON of the routes (for maps; the only
 * response of the service that carries coordinates) and coverage by P-code as HXL-tagged CSV (the
 * Humanitarian Data Exchange convention: a header row, then a row of #hashtags). Pure functions.
 */
public final class PlanExports {
    private PlanExports() {}

    /** HXL hashtags of the coverage columns, in column order. */
    static final List<String> COVERAGE_HXL = List.of("#adm1+code", "#loc+code", "#loc+name", "#item+code",
            "#value+need+tonnes", "#value+delivered+tonnes", "#value+unmet+tonnes", "#indicator+coverage+pct");
    static final List<String> COVERAGE_HEADER = List.of("Province P-code", "Location P-code", "Location", "Commodity",
            "Need (t)", "Delivered (t)", "Unmet (t)", "Coverage (%)");

    /**
     * A FeatureCollection with one LineString per route, through the locations its legs visit,
     * in [lon, lat] order (RFC 7946), rounded to 5 decimals (about a metre).
     */
    public static Map<String, Object> geoJson(Plan plan, Scenario scenario) {
        Map<String, Location> locations = scenario.locationsById();
        List<Object> features = new ArrayList<>();
        for (Plan.Route r : plan.routes()) {
            List<double[]> line = new ArrayList<>();
            if (!r.legs().isEmpty()) line.add(lonLat(locations.get(r.legs().get(0).from())));
            for (Plan.Leg leg : r.legs()) line.add(lonLat(locations.get(leg.to())));
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("route", r.id());
            props.put("agency", r.agency());
            props.put("commodity", r.commodity());
            props.put("origin", r.origin());
            props.put("destination", r.destination());
            props.put("roads", r.legs().stream().map(Plan.Leg::road).toList());
            props.put("tonnesDispatched", r.tonnesDispatched());
            props.put("tonnesDelivered", r.tonnesDelivered());
            props.put("expectedDiversionTonnes", r.expectedDiversionTonnes());
            props.put("departureDay", r.departureDay());
            props.put("arrivalDay", r.arrivalDay());
            Map<String, Object> feature = new LinkedHashMap<>();
            feature.put("type", "Feature");
            feature.put("id", r.id());
            feature.put("geometry", Map.of("type", "LineString", "coordinates", line));
            feature.put("properties", props);
            features.add(feature);
        }
        Map<String, Object> fc = new LinkedHashMap<>();
        fc.put("type", "FeatureCollection");
        fc.put("name", plan.planId() + " v" + plan.version());
        fc.put("features", features);
        return fc;
    }

    private static double[] lonLat(Location l) {
        if (l == null) throw new IllegalStateException("the plan names a location its scenario does not have");
        return new double[] {Math.round(l.lon() * 1e5) / 1e5, Math.round(l.lat() * 1e5) / 1e5};
    }

    /**
     * One row per need location and commodity, sorted by P-code then commodity: the need (from the
     * scenario), tonnes delivered there (sum over the plan's routes), tonnes unmet (from the plan)
     * and delivered / need in percent.
     */
    public static String coverageCsv(Plan plan, Scenario scenario) {
        Map<String, Location> locations = scenario.locationsById();
        Map<String, double[]> rows = new TreeMap<>(); // "location\u0000commodity" -> need, delivered, unmet
        for (Need n : scenario.needs()) cell(rows, n.location(), n.commodity())[0] += n.tonnes();
        for (Plan.Route r : plan.routes()) {
            double[] row = rows.get(r.destination() + "\u0000" + r.commodity());
            if (row != null) row[1] += r.tonnesDelivered();
        }
        for (Plan.Unmet u : plan.unmet()) {
            double[] row = rows.get(u.location() + "\u0000" + u.commodity());
            if (row != null) row[2] += u.tonnes();
        }
        StringWriter out = new StringWriter();
        // the two header rows are constants without separators or quotes; written as-is, because the
        // CSV printer would quote every hashtag (a leading '#' looks like a comment to CSV readers)
        out.write(String.join(",", COVERAGE_HEADER) + "\r\n" + String.join(",", COVERAGE_HXL) + "\r\n");
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180)) {
            for (Map.Entry<String, double[]> e : rows.entrySet()) {
                String[] key = e.getKey().split("\u0000");
                Location l = locations.get(key[0]);
                double[] v = e.getValue();
                csv.printRecord(l == null ? "" : l.province(), key[0], l == null ? "" : l.name(), key[1],
                        round(v[0]), round(v[1]), round(v[2]), v[0] > 0 ? round(100 * v[1] / v[0]) : "");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static double[] cell(Map<String, double[]> rows, String location, String commodity) {
        return rows.computeIfAbsent(location + "\u0000" + commodity, k -> new double[3]);
    }

    private static String round(double v) {
        return String.format(java.util.Locale.ROOT, "%.2f", v);
    }
}
