package org.corridor.scenario;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.corridor.access.AccessRule;
import org.corridor.access.RulesJson;
import org.corridor.plan.Json;

/**
 * Regenerates the illustrative parts of {@code data/afghanistan} from its sourced reference files
 * ({@code provinces.csv}, {@code entry_points.csv} and the reference columns of {@code roads.csv}),
 * by the rules documented in that folder's SOURCES.md ("Illustrative data"), with a fixed seed.
 * Running it twice gives the same bytes; a test checks the committed files equal its output.
 *
 * <p>Usage: {@code java -cp corridor.jar org.corridor.scenario.AfghanistanData [data/afghanistan]}.
 * Nothing here is operational data: agencies, fleets, stocks, needs, risks and rules are invented
 * to be plausible, and are labelled illustrative in every file.
 */
public final class AfghanistanData {
    private AfghanistanData() {}

    /** Seed of every random draw below. */
    public static final long SEED = 20261201L;
    /** Scenario day 0: the start of winter, so seasonal closures fall inside longer horizons. */
    static final LocalDate START = LocalDate.of(2026, 12, 1);
    /** Days the needs are computed for (and the default solve horizon). */
    static final int HORIZON = 30;
    /** HNRP 2024: 23.7 M people in need out of about 33.6 M. */
    static final double NATIONAL_PIN_SHARE = 23.7 / 33.6;
    static final String MARK = "ILLUSTRATIVE";

    /** Regenerates the files into the folder given (default {@code data/afghanistan}). */
    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "data/afghanistan");
        Map<String, String> files = generate(dir);
        for (Map.Entry<String, String> f : files.entrySet()) {
            try {
                Files.writeString(dir.resolve(f.getKey()), f.getValue());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + f.getKey(), e);
            }
        }
        System.out.println("wrote " + files.keySet() + " into " + dir);
    }

    /**
     * The generated files by name, from the reference files in {@code dir}.
     *
     * @return file name to content, in a fixed order
     */
    public static Map<String, String> generate(Path dir) {
        List<Map<String, String>> provinces = read(dir.resolve("provinces.csv"));
        List<Map<String, String>> entries = read(dir.resolve("entry_points.csv"));
        List<Map<String, String>> roads = read(dir.resolve("roads.csv"));
        Map<String, String> regionOf = new LinkedHashMap<>();
        for (Map<String, String> p : provinces) regionOf.put(p.get("pcode"), p.get("region"));
        Map<String, String> entryProvince = new LinkedHashMap<>();
        for (Map<String, String> e : entries) entryProvince.put(e.get("id"), e.get("province_pcode"));
        Random rng = new Random(SEED);

        Map<String, String> files = new LinkedHashMap<>();
        Map<String, String> roadIds = new LinkedHashMap<>();
        files.put("roads.csv", roads(roads, regionOf, entryProvince, roadIds));
        List<AgencySpec> agencies = AGENCIES;
        Map<String, Set<String>> women = womenStaff(agencies, provinces, rng);
        files.put("agencies.csv", agencies(agencies, women));
        files.put("fleet.csv", fleet(agencies, regionOf, rng));
        files.put("commodities.csv", commodities());
        Map<String, Double> needTotals = new LinkedHashMap<>();
        files.put("needs.csv", needs(provinces, needTotals));
        files.put("stocks.csv", stocks(agencies, needTotals, rng));
        files.put("rules.json", RulesJson.write(rules(roadIds, women)));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", "Afghanistan (illustrative winter scenario)");
        meta.put("startDate", START.toString());
        meta.put("defaultHorizonDays", HORIZON);
        meta.put("illustrative", "Provinces, entry points and road lengths are sourced (SOURCES.md). Road hours, capacities, "
                + "risks, checkpoints, closure windows, agencies, fleets, commodities, stocks, needs and access rules are "
                + "ILLUSTRATIVE, derived by org.corridor.scenario.AfghanistanData with seed " + SEED + "; not operational data.");
        files.put("scenario.json", Json.write(meta));
        return files;
    }

    // ---------------------------------------------------------------- roads

    /** Road classes read from {@code surface_or_class}: speed of a loaded truck, capacity, checkpoint spacing. */
    enum RoadClass {
        HIGHWAY(45, 3000, 60), PAVED(40, 2000, 50), MIXED(30, 1000, 50), TRACK(20, 300, 40), URBAN(25, 3000, 50);
        final double kmh, tpd, kmPerCheckpoint;
        RoadClass(double kmh, double tpd, double kmPerCheckpoint) { this.kmh = kmh; this.tpd = tpd; this.kmPerCheckpoint = kmPerCheckpoint; }

        /** First match wins: urban; unpaved track; partly paved, gravel, degraded or narrow; national highway; paved. */
        static RoadClass of(String surface) {
            String s = surface.toLowerCase(Locale.ROOT);
            if (s.contains("urban")) return URBAN;
            if (s.startsWith("unpaved") || s.contains("largely unpaved") || s.contains("rest unpaved")) return TRACK;
            if (s.contains("partly") || s.contains("gravel") || s.contains("degraded") || s.contains("narrow")) return MIXED;
            if (s.contains("national highway")) return HIGHWAY;
            return PAVED;
        }
    }

    /** Illustrative diversion per checkpoint passage, by OCHA region. */
    static final Map<String, Double> DIVERSION_PER_CHECKPOINT = Map.of(
            "Southern", 0.006, "South-eastern", 0.005, "Eastern", 0.005, "Western", 0.004,
            "Northern", 0.003, "North-eastern", 0.003, "Central Highlands", 0.003, "Central", 0.002);

    /**
     * Seasonal closure windows (scenario days, day 0 = 1 December) by a keyword of the {@code seasonal}
     * column; first match wins. A non-empty {@code seasonal} text that matches nothing stops the
     * generator, so every seasonal note gets a documented window.
     */
    static final String[][] CLOSURES = {
            {"anjuman", "0-150"},        // 4,430 m pass: shut the whole winter
            {"salang", "20-79"},         // 21 Dec - 18 Feb: the heavy-snow and avalanche period
            {"shato", "10-120"},         // central-highland passes closed most winters
            {"qonaq", "10-120"},
            {"closed in winter", "10-120"},
            {"ghor-herat", "25-100"},
            {"malistan", "25-100"},
            {"shibar", "40-69"},         // lower than Salang, kept open longer: the bypass while Salang is shut
            {"zebak", "20-110"},
            {"baqarchar", "15-18"},      // a snow spell, as in Dec 2024
            {"band-e sabzak", "35-44"},
            {"tera pass", "45-48"},
            {"k-g pass", "45-51"},
            {"mahipar", "50-52"},        // rockslide/snow days
            {"mud", "60-89"},            // thaw mud on unpaved sections
            {"qara kamar", "120-134"},   // spring floods
            {"winter/flood", "30-69"},
    };

    static String closures(String seasonal) {
        if (seasonal == null || seasonal.isBlank()) return "";
        String s = seasonal.toLowerCase(Locale.ROOT);
        for (String[] c : CLOSURES) if (s.contains(c[0])) return c[1];
        throw new IllegalStateException("seasonal note without a closure rule: " + Checks.shorten(seasonal));
    }

    private static String roads(List<Map<String, String>> rows, Map<String, String> regionOf, Map<String, String> entryProvince,
                                Map<String, String> roadIds) {
        List<String> reference = List.of("from_id", "to_id", "km", "road", "surface_or_class", "seasonal", "notes", "km_source");
        List<String> header = new ArrayList<>(List.of("id"));
        header.addAll(reference);
        header.addAll(List.of("hours", "capacity_tpd", "base_risk", "checkpoints", "closures"));
        List<List<String>> out = new ArrayList<>();
        int n = 0;
        for (Map<String, String> r : rows) {
            String id = String.format(Locale.ROOT, "R%02d", ++n);
            String from = r.get("from_id"), to = r.get("to_id");
            roadIds.put(from + "|" + to, id);
            double km = Double.parseDouble(r.get("km"));
            RoadClass cls = RoadClass.of(r.get("surface_or_class"));
            boolean entry = entryProvince.containsKey(from) || entryProvince.containsKey(to);
            int checkpoints = (int) Math.max(1, Math.round(km / cls.kmPerCheckpoint)) + (entry ? 1 : 0);
            double q = Math.max(DIVERSION_PER_CHECKPOINT.get(region(from, regionOf, entryProvince)),
                    DIVERSION_PER_CHECKPOINT.get(region(to, regionOf, entryProvince)));
            double risk = 1 - Math.pow(1 - q, checkpoints);
            double hours = km / cls.kmh + 0.25 * checkpoints;
            List<String> row = new ArrayList<>(List.of(id));
            for (String c : reference) row.add(r.get(c));
            row.addAll(List.of(fmt(hours, 1), fmt(cls.tpd, 0), fmt(risk, 4), String.valueOf(checkpoints), closures(r.get("seasonal"))));
            out.add(row);
        }
        return csv(MARK + " columns: id, hours, capacity_tpd, base_risk, checkpoints and closures, derived by AfghanistanData "
                + "(SOURCES.md, Illustrative data); columns from_id..km_source are the sourced reference data (SOURCES.md section 3)",
                header, out);
    }

    private static String region(String node, Map<String, String> regionOf, Map<String, String> entryProvince) {
        return regionOf.get(entryProvince.getOrDefault(node, node));
    }

    // ---------------------------------------------------------------- agencies and fleets

    /**
     * An illustrative agency: where it works, its hubs (province centres where it keeps stock and
     * trucks), the entry points it imports through, and its share of each commodity's national stock.
     */
    record AgencySpec(String id, String name, Agency.Type type, Set<String> regions, List<String> hubs,
                      List<String> entryPoints, Map<String, Double> portfolio) {}

    static final Set<String> ALL_REGIONS = Set.of();

    static final List<AgencySpec> AGENCIES = List.of(
            new AgencySpec("UN_FOOD", "UN food agency (illustrative)", Agency.Type.UN, ALL_REGIONS,
                    List.of("AF01", "AF06", "AF21", "AF27", "AF32", "AF19"), List.of("BC_TORKHAM", "BC_SPIN_BOLDAK", "BC_HAIRATAN", "BC_ISLAM_QALA"),
                    Map.of("CEREALS", 0.55, "NUTRITION", 0.25)),
            new AgencySpec("UN_CHILD", "UN children's agency (illustrative)", Agency.Type.UN, ALL_REGIONS,
                    List.of("AF01", "AF21", "AF27", "AF32"), List.of("AP_KBL", "BC_TORKHAM"),
                    Map.of("NUTRITION", 0.45, "HEALTH_KITS", 0.15, "HYGIENE_KITS", 0.35, "WINTER_KITS", 0.15)),
            new AgencySpec("UN_HEALTH", "UN health agency (illustrative)", Agency.Type.UN, ALL_REGIONS,
                    List.of("AF01", "AF27"), List.of("AP_KBL", "AP_KDH"), Map.of("HEALTH_KITS", 0.45)),
            new AgencySpec("RCRC_NAT", "National Red Crescent society (illustrative)", Agency.Type.RCRC, ALL_REGIONS,
                    List.of("AF01", "AF06", "AF11", "AF17", "AF21", "AF27", "AF32"), List.of(),
                    Map.of("CEREALS", 0.08, "HEALTH_KITS", 0.10, "HYGIENE_KITS", 0.15, "WINTER_KITS", 0.25)),
            new AgencySpec("RCRC_INTL", "International Red Cross delegation (illustrative)", Agency.Type.RCRC, ALL_REGIONS,
                    List.of("AF01", "AF06", "AF21", "AF27"), List.of("BC_TORKHAM", "BC_SPIN_BOLDAK"),
                    Map.of("CEREALS", 0.07, "HEALTH_KITS", 0.20, "WINTER_KITS", 0.15)),
            new AgencySpec("INGO_NORTH", "International NGO North (illustrative)", Agency.Type.INGO, Set.of("Northern", "North-eastern"),
                    List.of("AF21", "AF18", "AF17"), List.of("BC_HAIRATAN", "BC_SHER_KHAN_BANDAR"),
                    Map.of("CEREALS", 0.08, "NUTRITION", 0.08, "HYGIENE_KITS", 0.15, "WINTER_KITS", 0.20)),
            new AgencySpec("INGO_WEST", "International NGO West (illustrative)", Agency.Type.INGO, Set.of("Western"),
                    List.of("AF32", "AF23", "AF31"), List.of("BC_ISLAM_QALA", "BC_TORGHUNDI"),
                    Map.of("CEREALS", 0.08, "HEALTH_KITS", 0.10, "HYGIENE_KITS", 0.15, "WINTER_KITS", 0.15)),
            new AgencySpec("INGO_SOUTH", "International NGO South (illustrative)", Agency.Type.INGO, Set.of("Southern", "South-eastern", "Central Highlands"),
                    List.of("AF27", "AF11", "AF10", "AF24"), List.of("BC_SPIN_BOLDAK"),
                    Map.of("CEREALS", 0.08, "NUTRITION", 0.10, "HYGIENE_KITS", 0.10)),
            new AgencySpec("NNGO_EAST", "National NGO East (illustrative)", Agency.Type.NNGO, Set.of("Eastern"),
                    List.of("AF06", "AF15", "AF07"), List.of(),
                    Map.of("CEREALS", 0.03, "NUTRITION", 0.06, "HYGIENE_KITS", 0.05)),
            new AgencySpec("NNGO_CENTRE", "National NGO Centre (illustrative)", Agency.Type.NNGO, Set.of("Central", "Central Highlands"),
                    List.of("AF01", "AF10", "AF03"), List.of(),
                    Map.of("CEREALS", 0.03, "NUTRITION", 0.06, "HYGIENE_KITS", 0.05, "WINTER_KITS", 0.10)));

    /** Chance that an agency of a type can field women staff in one province where it works. */
    static final Map<Agency.Type, Double> WOMEN_STAFF_CHANCE = Map.of(
            Agency.Type.UN, 0.7, Agency.Type.RCRC, 0.85, Agency.Type.INGO, 0.6, Agency.Type.NNGO, 0.8);

    /** Trucks per hub before the +-25 % seeded jitter. */
    static final Map<Agency.Type, Integer> TRUCKS_PER_HUB = Map.of(
            Agency.Type.UN, 40, Agency.Type.RCRC, 15, Agency.Type.INGO, 12, Agency.Type.NNGO, 8);

    /** Regions whose hubs also keep 2 t pickups for mountain tracks. */
    static final Set<String> MOUNTAIN_REGIONS = Set.of("Central Highlands", "North-eastern", "Eastern");

    private static Map<String, Set<String>> womenStaff(List<AgencySpec> agencies, List<Map<String, String>> provinces, Random rng) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (AgencySpec a : agencies) {
            Set<String> set = new TreeSet<>();
            for (Map<String, String> p : provinces)
                if ((a.regions.isEmpty() || a.regions.contains(p.get("region"))) && rng.nextDouble() < WOMEN_STAFF_CHANCE.get(a.type))
                    set.add(p.get("pcode"));
            out.put(a.id, set);
        }
        return out;
    }

    private static String agencies(List<AgencySpec> agencies, Map<String, Set<String>> women) {
        List<List<String>> rows = new ArrayList<>();
        for (AgencySpec a : agencies)
            rows.add(List.of(a.id, a.name, a.type.name(), String.join(";", women.get(a.id))));
        return csv(MARK + ": invented agencies of each type; women_staff_provinces drawn with seed " + SEED
                + " (SOURCES.md, Illustrative data)", List.of("id", "name", "type", "women_staff_provinces"), rows);
    }

    private static String fleet(List<AgencySpec> agencies, Map<String, String> regionOf, Random rng) {
        List<List<String>> rows = new ArrayList<>();
        for (AgencySpec a : agencies)
            for (String hub : a.hubs) {
                int trucks = (int) Math.round(TRUCKS_PER_HUB.get(a.type) * (0.75 + 0.5 * rng.nextDouble()));
                int big = (int) Math.round(trucks * 0.6);
                rows.add(List.of(a.id, "TRUCK_20T", "20", String.valueOf(big), hub));
                rows.add(List.of(a.id, "TRUCK_10T", "10", String.valueOf(trucks - big), hub));
                if (MOUNTAIN_REGIONS.contains(regionOf.get(hub)))
                    rows.add(List.of(a.id, "PICKUP_2T", "2", String.valueOf(Math.max(1, trucks / 3)), hub));
            }
        return csv(MARK + ": trucks per hub by agency type with a seeded +-25% jitter (SOURCES.md, Illustrative data)",
                List.of("agency", "vehicle_type", "payload_t", "count", "base"), rows);
    }

    // ---------------------------------------------------------------- commodities, needs, stocks

    /**
     * An illustrative commodity and its ration: people targeted as a share of people in need (in cold
     * or in warm regions) and kg per targeted person for the {@link #HORIZON}, the share of national
     * need that agencies hold in stock, and the last useful day.
     */
    record CommoditySpec(String id, String name, int priority, boolean women, int shelfLife, boolean cold,
                         double shareCold, double shareWarm, double kgPerPerson, double stockShare, int latestDay) {}

    static final List<CommoditySpec> COMMODITIES = List.of(
            // half of a 15 kg/month cereal ration (rations were halved in 2023)
            new CommoditySpec("CEREALS", "Cereals (wheat flour)", 2, false, 365, false, 1.0, 1.0, 7.5, 0.55, HORIZON - 1),
            // acutely malnourished children and pregnant/lactating women ~10 % of PiN; RUTF 92 g/day x 30
            new CommoditySpec("NUTRITION", "Specialised nutritious foods (RUTF/LNS)", 1, true, 730, false, 0.10, 0.10, 2.76, 0.60, HORIZON - 1),
            // an emergency health kit of ~1 t serves 10,000 people for 3 months: 0.033 kg per person per 30 days
            new CommoditySpec("HEALTH_KITS", "Emergency health kits", 1, false, 730, false, 1.0, 1.0, 0.033, 0.70, HORIZON - 1),
            // a 17 kg family hygiene and dignity kit per household of 7, for 30 % of PiN
            new CommoditySpec("HYGIENE_KITS", "Family hygiene and dignity kits", 3, true, 0, false, 0.30, 0.30, 2.4, 0.50, HORIZON - 1),
            // a 35 kg household winter kit per household of 7: half of PiN in cold regions, a fifth in warm ones; needed before the cold peak
            new CommoditySpec("WINTER_KITS", "Winterisation items (blankets, warm clothing, heating)", 2, false, 0, false, 0.50, 0.20, 5.0, 0.45, 20));

    /** Regions with a mild winter, where fewer people need winterisation items. */
    static final Set<String> WARM_REGIONS = Set.of("Southern", "Eastern");

    /** Relative people-in-need weight by region (illustrative), scaled so the national share is HNRP 2024's. */
    static final Map<String, Double> PIN_WEIGHT = Map.of(
            "Central Highlands", 1.20, "North-eastern", 1.10, "Western", 1.10, "Southern", 1.05,
            "Eastern", 1.05, "South-eastern", 1.00, "Northern", 1.00, "Central", 0.85);

    private static String commodities() {
        List<List<String>> rows = new ArrayList<>();
        for (CommoditySpec c : COMMODITIES)
            rows.add(List.of(c.id, c.name, String.valueOf(c.priority), String.valueOf(c.women), String.valueOf(c.shelfLife), String.valueOf(c.cold)));
        return csv(MARK + ": commodities and their properties (SOURCES.md, Illustrative data)",
                List.of("id", "name", "priority", "needs_women_staff", "shelf_life_days", "cold_chain"), rows);
    }

    /** Phase 3 + 1 when the regional weight is at least 1.05 + 1 when at least 1.20. */
    static int phase(double weight) { return 3 + (weight >= 1.05 ? 1 : 0) + (weight >= 1.20 ? 1 : 0); }

    private static String needs(List<Map<String, String>> provinces, Map<String, Double> totals) {
        double pop = 0, weighted = 0;
        for (Map<String, String> p : provinces) {
            double n = Double.parseDouble(p.get("population"));
            pop += n;
            weighted += n * PIN_WEIGHT.get(p.get("region"));
        }
        double k = NATIONAL_PIN_SHARE * pop / weighted;
        List<List<String>> rows = new ArrayList<>();
        for (Map<String, String> p : provinces) {
            String region = p.get("region");
            double w = PIN_WEIGHT.get(region);
            long pin = Math.round(Double.parseDouble(p.get("population")) * k * w);
            for (CommoditySpec c : COMMODITIES) {
                double share = WARM_REGIONS.contains(region) ? c.shareWarm : c.shareCold;
                long people = Math.round(pin * share);
                double tonnes = round(people * c.kgPerPerson / 1000.0, 1);
                totals.merge(c.id, tonnes, Double::sum);
                rows.add(List.of(p.get("pcode"), c.id, fmt(tonnes, 1), String.valueOf(phase(w)), String.valueOf(c.latestDay), String.valueOf(people)));
            }
        }
        return csv(MARK + ": people in need = population x regional share (national 23.7 M / 33.6 M, HNRP 2024), "
                + "tonnes = people targeted x ration for " + HORIZON + " days (SOURCES.md, Illustrative data)",
                List.of("location", "commodity", "tonnes", "phase", "latest_day", "people"), rows);
    }

    private static String stocks(List<AgencySpec> agencies, Map<String, Double> needTotals, Random rng) {
        List<List<String>> rows = new ArrayList<>();
        for (AgencySpec a : agencies)
            for (CommoditySpec c : COMMODITIES) {
                Double part = a.portfolio.get(c.id);
                if (part == null) continue;
                double total = needTotals.get(c.id) * c.stockShare * part;
                List<String> places = new ArrayList<>(a.entryPoints);
                places.addAll(a.hubs);
                double[] weight = new double[places.size()];
                double sum = 0;
                for (int i = 0; i < weight.length; i++) {
                    weight[i] = (i < a.entryPoints.size() ? 2 : 1) * (0.75 + 0.5 * rng.nextDouble());
                    sum += weight[i];
                }
                for (int i = 0; i < weight.length; i++) {
                    boolean entry = i < a.entryPoints.size();
                    int from = entry ? rng.nextInt(11) : 0;
                    double tonnes = round(total * weight[i] / sum, 1);
                    if (tonnes >= 0.5) rows.add(List.of(a.id, places.get(i), c.id, fmt(tonnes, 1), String.valueOf(from)));
                }
            }
        return csv(MARK + ": a share of national need per commodity, split over agencies by portfolio and over "
                + "their entry points (weight 2) and hubs (weight 1) with a seeded +-25% jitter (SOURCES.md, Illustrative data)",
                List.of("agency", "location", "commodity", "tonnes", "available_from_day"), rows);
    }

    // ---------------------------------------------------------------- rules

    private static AccessRule.Provenance source(String text, AccessRule.Reliability reliability, String asOf) {
        return new AccessRule.Provenance(MARK + ": " + text, reliability, LocalDate.parse(asOf));
    }

    private static List<AccessRule> rules(Map<String, String> roadIds, Map<String, Set<String>> women) {
        AccessRule.Reliability a = AccessRule.Reliability.A, b = AccessRule.Reliability.B, c = AccessRule.Reliability.C;
        // the women-staff exemption goes to the Red Cross/Red Crescent agencies that field women staff there
        Set<String> exempt = new TreeSet<>();
        for (AgencySpec s : AGENCIES)
            if (s.type == Agency.Type.RCRC && women.get(s.id).contains("AF30")) exempt.add(s.id);
        if (exempt.isEmpty()) throw new IllegalStateException("no Red Crescent agency fields women staff in AF30 with this seed");
        return List.of(
                new AccessRule.RoadClosed("RC-KABUL-JALALABAD", road(roadIds, "AF01", "AF06"),
                        source("modelled on rockslide closures of the Mahipar section (TOLOnews via Pakistan Observer, 2023)", b, "2026-11-26"), new DayWindow(5, 8)),
                new AccessRule.EntryPointClosed("EPC-GHULAM-KHAN", "BC_GHULAM_KHAN",
                        source("modelled on repeated Ghulam Khan closures (kabulnow.com, ariananews, 2024-25)", b, "2026-11-20"), new DayWindow(0, 60)),
                new AccessRule.EntryPointClosed("EPC-DAND-E-PATAN", "BC_DAND_E_PATAN",
                        source("modelled on Kharlachi closures (The News); single report", c, "2026-11-18"), new DayWindow(0, 3650)),
                new AccessRule.AreaDenied("AD-INGO_SOUTH-AF30", "AF30", "INGO_SOUTH",
                        source("an INGO told to suspend work in Helmand; single report", c, "2026-11-22"), new DayWindow(0, 3650)),
                new AccessRule.AreaDenied("AD-ALL-AF08", "AF08", null,
                        source("all agencies asked to stay out of Panjsher during security operations", b, "2026-11-27"), new DayWindow(0, 14)),
                new AccessRule.PermitRequired("PR-AF27", "AF27", null, 3, 0.01,
                        source("provincial permit (MoU) for every distribution in Kandahar", a, "2026-11-15"), new DayWindow(0, 3650)),
                new AccessRule.PermitRequired("PR-AF17-INGO_NORTH", "AF17", "INGO_NORTH", 5, 0.02,
                        source("INGO travel authorisation for Badakhshan", b, "2026-11-19"), new DayWindow(0, 3650)),
                new AccessRule.WomenStaffBarred("WSB-AF30", "AF30", exempt,
                        source("women staff barred from field work in Helmand; exemption for Red Crescent health and nutrition teams", b, "2026-11-21"), new DayWindow(0, 3650)),
                new AccessRule.WomenStaffBarred("WSB-AF26", "AF26", Set.of(),
                        source("women staff barred from field work in Zabul, no exemption", c, "2026-11-24"), new DayWindow(0, 3650)),
                new AccessRule.ConvoySizeLimit("CSL-AF14", "AF14", 10,
                        source("convoys in Khost capped at 10 trucks", b, "2026-11-20"), new DayWindow(0, 3650)),
                new AccessRule.CommodityRestricted("CR-AF25-HYGIENE_KITS", "AF25", "HYGIENE_KITS",
                        source("dignity items in hygiene kits not allowed in Uruzgan", c, "2026-11-23"), new DayWindow(0, 3650)),
                new AccessRule.EscortImposed("EI-KANDAHAR-TARINKOT", road(roadIds, "AF27", "AF25"), 0.02, 3,
                        source("escort imposed on the Kandahar-Tarinkot road", b, "2026-11-20"), new DayWindow(0, 3650)),
                new AccessRule.RiskOverride("RO-NORTHERN-MISSING-LINK", road(roadIds, "AF31", "AF29"), null, 0.08,
                        source("insecure unfinished Ring Road section Bala Murghab-Qaisar (AAN 2014)", b, "2026-11-10"), new DayWindow(0, 3650)),
                new AccessRule.RiskOverride("RO-AF12", null, "AF12", 0.05,
                        source("heightened diversion reports in Paktika", c, "2026-11-25"), new DayWindow(0, 3650)));
    }

    private static String road(Map<String, String> ids, String a, String b) {
        String id = ids.getOrDefault(a + "|" + b, ids.get(b + "|" + a));
        if (id == null) throw new IllegalStateException("no road between " + a + " and " + b);
        return id;
    }

    // ---------------------------------------------------------------- CSV helpers

    /** Rows of a reference CSV by header, comments skipped. */
    static List<Map<String, String>> read(Path file) {
        CSVFormat f = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#').get();
        try (CSVParser p = CSVParser.parse(Files.readString(file), f)) {
            List<Map<String, String>> rows = new ArrayList<>();
            for (CSVRecord r : p) rows.add(r.toMap());
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.getFileName(), e);
        }
    }

    static String csv(String comment, List<String> header, List<List<String>> rows) {
        CSVFormat f = CSVFormat.DEFAULT.builder().setCommentMarker('#').setRecordSeparator("\n").get();
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, f)) {
            p.printComment(comment);
            p.printRecord(header);
            for (List<String> r : rows) p.printRecord(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }

    static String fmt(double v, int decimals) { return String.format(Locale.ROOT, "%." + decimals + "f", v); }
}
