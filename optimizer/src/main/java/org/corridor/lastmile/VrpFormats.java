package org.corridor.lastmile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Readers for the two standard vehicle-routing benchmark formats, so the routing core can be
 * measured against the field's best-known solutions.
 *
 * <ul>
 *   <li><b>Solomon VRPTW</b> text format. Convention used: <i>distance only</i> (the CVRPLIB
 *       Solomon set): every arc is Euclidean distance truncated to one decimal, travel time equals
 *       that distance, the objective is total distance with at most the file's number of vehicles.
 *       The model works in tenths ({@link #SOLOMON_SCALE}), so arcs are exact integers; compare
 *       against the "distance only" best-known values, not the hierarchical (fewest vehicles first)
 *       ones.</li>
 *   <li><b>CVRPLIB</b> (TSPLIB {@code EUC_2D}): arcs are Euclidean distances rounded to the nearest
 *       integer; no time windows. The fleet is unlimited in set X; the model offers
 *       {@code L + max(2, ceil(L / 5))} vehicles, L = ceil(total demand / capacity), which covers
 *       every best-known solution in the bundled set (X-n101-k25's uses 26 = L + 1).</li>
 * </ul>
 * Every customer must be served, but is modelled as droppable at a penalty far above any route's
 * cost ({@link #dropPenalty}): a construction heuristic that cannot place a customer then still
 * yields a solution for the local search to repair, which matters on tight windows (R1, RC1).
 * A solution is complete (comparable with the best-known value) only if it drops nothing. The
 * depot is node 0; customers keep their file order.
 */
public final class VrpFormats {
    /** Solomon costs and times are modelled in tenths of a unit. */
    public static final int SOLOMON_SCALE = 10;

    private VrpFormats() {}

    /** Reads a Solomon VRPTW instance file (distance-only convention, see the class comment). */
    public static RoutingProblem readSolomon(Path file) {
        List<String> lines = lines(file);
        String name = lines.get(0).trim();
        int vehicles = -1;
        long capacity = -1;
        List<long[]> rows = new ArrayList<>();   // id, x, y, demand, ready, due, service
        for (int i = 1; i < lines.size(); i++) {
            String t = lines.get(i).trim();
            if (t.startsWith("NUMBER")) {
                String[] f = nextData(lines, i);
                vehicles = Integer.parseInt(f[0]);
                capacity = Long.parseLong(f[1]);
            } else if (!t.isEmpty() && Character.isDigit(t.charAt(0)) && vehicles > 0 && rowFollowsHeader(lines, i)) {
                String[] f = t.split("\\s+");
                if (f.length != 7) throw new IllegalArgumentException(file.getFileName() + ":" + (i + 1) + ": a customer line needs 7 numbers");
                long[] r = new long[7];
                for (int k = 0; k < 7; k++) r[k] = Math.round(Double.parseDouble(f[k]));
                rows.add(r);
            }
        }
        if (vehicles < 1 || rows.size() < 2) throw new IllegalArgumentException(file.getFileName() + ": not a Solomon instance (no VEHICLE or CUSTOMER section)");
        int n = rows.size();
        long[][] d = new long[n][n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) d[i][j] = truncatedTenths(rows.get(i)[1] - rows.get(j)[1], rows.get(i)[2] - rows.get(j)[2]);
        long horizon = rows.get(0)[5] * SOLOMON_SCALE;
        List<RoutingProblem.Stop> stops = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            long[] r = rows.get(i);
            stops.add(new RoutingProblem.Stop("C" + r[0], r[3], r[6] * SOLOMON_SCALE, r[4] * SOLOMON_SCALE, r[5] * SOLOMON_SCALE, 0, false, dropPenalty(d)));
        }
        List<RoutingProblem.Vehicle> fleet = new ArrayList<>();
        for (int v = 0; v < vehicles; v++)
            fleet.add(new RoutingProblem.Vehicle("V" + v, "", capacity, Long.MAX_VALUE, false, rows.get(0)[4] * SOLOMON_SCALE, horizon, 0));
        return new RoutingProblem(name, stops, fleet, d, d, horizon);
    }

    /** Reads a CVRPLIB instance in TSPLIB format with {@code EDGE_WEIGHT_TYPE : EUC_2D}. */
    public static RoutingProblem readCvrplib(Path file) {
        List<String> lines = lines(file);
        String name = file.getFileName().toString().replaceFirst("\\.vrp$", "");
        long capacity = -1;
        int dimension = -1;
        List<double[]> coords = new ArrayList<>();
        List<Long> demands = new ArrayList<>();
        int depot = -1;
        String section = "";
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).trim();
            if (t.isEmpty()) continue;
            if (t.startsWith("EOF")) break;
            int colon = t.indexOf(':');
            if (colon > 0 && !Character.isDigit(t.charAt(0)) && !t.endsWith("SECTION")) {
                String key = t.substring(0, colon).trim(), value = t.substring(colon + 1).trim();
                switch (key) {
                    case "NAME" -> name = value;
                    case "DIMENSION" -> dimension = Integer.parseInt(value);
                    case "CAPACITY" -> capacity = Long.parseLong(value);
                    case "EDGE_WEIGHT_TYPE" -> {
                        if (!value.equals("EUC_2D")) throw new IllegalArgumentException(file.getFileName() + ": only EDGE_WEIGHT_TYPE EUC_2D is supported (got " + value + ")");
                    }
                    default -> { }
                }
                continue;
            }
            if (t.endsWith("SECTION")) { section = t; continue; }
            String[] f = t.split("\\s+");
            switch (section) {
                case "NODE_COORD_SECTION" -> coords.add(new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])});
                case "DEMAND_SECTION" -> demands.add(Long.parseLong(f[1]));
                case "DEPOT_SECTION" -> { int id = Integer.parseInt(f[0]); if (id > 0 && depot < 0) depot = id - 1; }
                default -> throw new IllegalArgumentException(file.getFileName() + ":" + (i + 1) + ": data outside a known section");
            }
        }
        if (dimension < 2 || capacity < 1 || coords.size() != dimension || demands.size() != dimension || depot < 0)
            throw new IllegalArgumentException(file.getFileName() + ": needs DIMENSION, CAPACITY, " + "NODE_COORD_SECTION and DEMAND_SECTION with DIMENSION rows, and a DEPOT_SECTION");
        List<Integer> order = new ArrayList<>();   // depot first, then customers in file order
        order.add(depot);
        for (int i = 0; i < dimension; i++) if (i != depot) order.add(i);
        long[][] d = new long[dimension][dimension];
        for (int i = 0; i < dimension; i++)
            for (int j = 0; j < dimension; j++) {
                double[] a = coords.get(order.get(i)), b = coords.get(order.get(j));
                d[i][j] = Math.round(Math.hypot(a[0] - b[0], a[1] - b[1]));
            }
        long total = 0;
        List<RoutingProblem.Stop> stops = new ArrayList<>();
        for (int i = 1; i < dimension; i++) {
            long q = demands.get(order.get(i));
            total += q;
            stops.add(new RoutingProblem.Stop("N" + (order.get(i) + 1), q, 0, 0, 1, 0, false, dropPenalty(d)));
        }
        long lower = (total + capacity - 1) / capacity;
        long fleetSize = lower + Math.max(2, (lower + 4) / 5);
        List<RoutingProblem.Vehicle> fleet = new ArrayList<>();
        for (int v = 0; v < fleetSize; v++) fleet.add(new RoutingProblem.Vehicle("V" + v, "", capacity, Long.MAX_VALUE, false, 0, 1, 0));
        return new RoutingProblem(name, stops, fleet, d, new long[dimension][dimension], 1);
    }

    /** n times the longest arc: more than any solution's whole distance, so dropping never pays. */
    static long dropPenalty(long[][] d) {
        long max = 0;
        for (long[] row : d) for (long v : row) max = Math.max(max, v);
        return Math.max(1, max) * d.length;
    }

    /** floor(10 * Euclidean distance), computed on integers so exact tenths never round down by error. */
    static long truncatedTenths(long dx, long dy) {
        long sq = 100 * (dx * dx + dy * dy);
        long r = (long) Math.sqrt((double) sq);
        while (r * r > sq) r--;
        while ((r + 1) * (r + 1) <= sq) r++;
        return r;
    }

    private static boolean rowFollowsHeader(List<String> lines, int i) {
        for (int k = i - 1; k >= 0; k--) {
            String t = lines.get(k).trim();
            if (t.startsWith("CUST")) return true;
            if (t.startsWith("NUMBER") || t.startsWith("VEHICLE")) return false;
        }
        return false;
    }

    private static String[] nextData(List<String> lines, int i) {
        for (int k = i + 1; k < lines.size(); k++) {
            String t = lines.get(k).trim();
            if (!t.isEmpty()) return t.split("\\s+");
        }
        throw new IllegalArgumentException("missing vehicle number and capacity");
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.getFileName(), e);
        }
    }
}
