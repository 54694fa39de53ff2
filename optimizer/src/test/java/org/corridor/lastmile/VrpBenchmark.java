package org.corridor.lastmile;

import com.graphhopper.jsprit.core.algorithm.VehicleRoutingAlgorithm;
import com.graphhopper.jsprit.core.algorithm.box.Jsprit;
import com.graphhopper.jsprit.core.algorithm.termination.TimeTermination;
import com.graphhopper.jsprit.core.problem.Location;
import com.graphhopper.jsprit.core.problem.VehicleRoutingProblem;
import com.graphhopper.jsprit.core.problem.job.Service;
import com.graphhopper.jsprit.core.problem.solution.VehicleRoutingProblemSolution;
import com.graphhopper.jsprit.core.problem.solution.route.VehicleRoute;
import com.graphhopper.jsprit.core.problem.solution.route.activity.TourActivity;
import com.graphhopper.jsprit.core.problem.vehicle.VehicleImpl;
import com.graphhopper.jsprit.core.problem.vehicle.VehicleTypeImpl;
import com.graphhopper.jsprit.core.util.FastVehicleRoutingTransportCostsMatrix;
import com.graphhopper.jsprit.core.util.Solutions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The vehicle-routing benchmark (not a test): the parallel portfolio against (a) the plain
 * single-thread OR-Tools configuration (path-cheapest-arc + guided local search) and (b) jsprit
 * 1.8, at the same wall time per instance, on the Solomon (distance-only convention) and CVRPLIB
 * instances in {@code bench/instances}. Writes a Markdown table between the
 * {@code <!-- bench:vrp:start -->} and {@code <!-- bench:vrp:end -->} markers of the README.
 *
 * <p>Run with {@code bench/vrp.sh}. Arguments (all optional): {@code runs=3 width=2 solomonSeconds=10
 * cvrpSeconds=10 x200Seconds=30 solvers=portfolio,plain,jsprit instances=C101,... readme=README.md}.
 */
public final class VrpBenchmark {

    record Bks(String instance, int vehicles, double cost) {}

    record Run(double cost, int vehicles, double seconds, boolean complete) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>(Map.of("runs", "3", "width", "2", "solomonSeconds", "10",
                "cvrpSeconds", "10", "x200Seconds", "30", "solvers", "portfolio,plain,jsprit", "readme", "README.md",
                "instances", "C101,C201,R101,R201,RC101,RC201,A-n32-k5,P-n101-k4,X-n101-k25,X-n200-k36",
                "dir", "bench/instances"));
        for (String a : args) { String[] kv = a.split("=", 2); opt.put(kv[0], kv[1]); }
        Path dir = Path.of(opt.get("dir"));
        Map<String, Bks> bks = readBks(dir.resolve("bks.csv"));
        int runs = Integer.parseInt(opt.get("runs")), width = Integer.parseInt(opt.get("width"));
        List<String> solvers = List.of(opt.get("solvers").split(","));
        ExecutorService pool = Executors.newFixedThreadPool(width);
        try {
            bench(opt, dir, bks, runs, width, solvers, pool);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void bench(Map<String, String> opt, Path dir, Map<String, Bks> bks, int runs, int width, List<String> solvers,
                              ExecutorService pool) throws IOException {
        String loadAtStart = loadAverage();
        StringBuilder table = new StringBuilder();
        table.append("| instance | BKS | solver | cost (median) | gap | vehicles | wall s | runs |\n|---|---:|---|---:|---:|---:|---:|---:|\n");
        Map<String, List<Double>> gaps = new LinkedHashMap<>(), solomonGaps = new LinkedHashMap<>();
        for (String name : opt.get("instances").split(",")) {
            boolean solomon = !name.contains("-n");
            RoutingProblem p = solomon ? VrpFormats.readSolomon(dir.resolve("solomon/" + name + ".txt")) : VrpFormats.readCvrplib(dir.resolve("cvrp/" + name + ".vrp"));
            double scale = solomon ? VrpFormats.SOLOMON_SCALE : 1;
            double seconds = Double.parseDouble(opt.get(name.equals("X-n200-k36") ? "x200Seconds" : solomon ? "solomonSeconds" : "cvrpSeconds"));
            Bks best = bks.get(name);
            for (String solver : solvers) {
                List<Run> rs = new ArrayList<>();
                for (int r = 0; r < runs; r++) {
                    Run run = run(solver, p, seconds, width, pool, scale, r);
                    if (!run.complete()) throw new IllegalStateException(name + " " + solver + " run " + r + " left customers unserved; its cost is not comparable");
                    rs.add(run);
                    System.err.printf(Locale.ROOT, "%s %s run %d: cost %.1f vehicles %d %.1fs%s%n", name, solver, r, run.cost(), run.vehicles(), run.seconds(), run.complete() ? "" : " INCOMPLETE");
                }
                Run med = rs.stream().sorted((a, b) -> Double.compare(a.cost(), b.cost())).toList().get(rs.size() / 2);
                double gap = 100 * (med.cost() - best.cost()) / best.cost();
                gaps.computeIfAbsent(solver, k -> new ArrayList<>()).add(gap);
                if (solomon) solomonGaps.computeIfAbsent(solver, k -> new ArrayList<>()).add(gap);
                double wall = rs.stream().mapToDouble(Run::seconds).sorted().toArray()[rs.size() / 2];
                table.append(String.format(Locale.ROOT, "| %s | %s | %s | %.1f | %.2f%% | %d | %.1f | %d |%n", name, fmt(best.cost()), solver, med.cost(), gap, med.vehicles(), wall, runs));
            }
        }
        table.append("\nMean gap to BKS (median run per instance): ");
        List<String> means = new ArrayList<>();
        for (var e : gaps.entrySet()) means.add(String.format(Locale.ROOT, "%s %.2f%%", e.getKey(), e.getValue().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)));
        table.append(String.join(", ", means)).append(".\n");
        if (solomonGaps.values().stream().anyMatch(l -> !l.isEmpty())) {
            List<String> solomonMeans = new ArrayList<>();
            for (var e : solomonGaps.entrySet()) solomonMeans.add(String.format(Locale.ROOT, "%s %.2f%%", e.getKey(), e.getValue().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)));
            table.append("Mean gap over the Solomon instances alone (issue 3's target: <= 1.5% at 10 s): ").append(String.join(", ", solomonMeans)).append(".\n");
        }
        System.out.print(table);
        table.append("Load average (1 min) at start and end: ").append(loadAtStart).append(" / ").append(loadAverage())
                .append(" (other processes shared the cores; all solvers ran under the same load).\n");
        Path readme = Path.of(opt.get("readme"));
        if (Files.exists(readme)) writeBetweenMarkers(readme, "bench:vrp", header(opt, width, runs) + table);
    }

    private static String header(Map<String, String> opt, int width, int runs) {
        return String.format(Locale.ROOT, "Measured %s on %s (%d cores, %s, Java %s). Per instance: %s s (Solomon), %s s (A, P, X-n101), %s s (X-n200-k36) of wall time for every solver; "
                        + "%d runs each, median reported. portfolio = %d OR-Tools routing models in parallel, best kept: %s "
                        + "(member 0 = the plain configuration; ILS(SISR) = iterated local search, SISR ruin-and-recreate, simulated-annealing acceptance); "
                        + "plain = one thread, PATH_CHEAPEST_ARC + GUIDED_LOCAL_SEARCH; jsprit = jsprit-core 1.8 default algorithm with %d threads. "
                        + "Solomon: distance-only convention (arcs truncated to 0.1), compared with the distance-only BKS; CVRPLIB: TSPLIB EUC_2D.%n%n",
                java.time.LocalDate.now(java.time.ZoneOffset.UTC), cpuModel(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("java.version"), opt.get("solomonSeconds"), opt.get("cvrpSeconds"), opt.get("x200Seconds"), runs, width,
                String.join(", ", Router.portfolio(width, Router.Limit.seconds(1)).stream().map(Router.Member::label).toList()), width);
    }

    static Run run(String solver, RoutingProblem p, double seconds, int width, ExecutorService pool, double scale, int runIndex) {
        long t0 = System.nanoTime();
        Run r;
        switch (solver) {
            case "portfolio" -> {
                RoutingSolution s = Router.solve(p, Router.Limit.seconds(seconds), pool, width, () -> false);
                r = new Run(s.distance() / scale, s.vehiclesUsed(), 0, s.dropped().isEmpty());
            }
            case "plain" -> {
                RoutingSolution s = Router.solvePlain(p, Router.Limit.seconds(seconds));
                r = new Run(s.distance() / scale, s.vehiclesUsed(), 0, s.dropped().isEmpty());
            }
            case "jsprit" -> r = jsprit(p, seconds, width, scale, runIndex);
            default -> {
                if (!solver.startsWith("member")) throw new IllegalArgumentException("unknown solver " + solver + " (portfolio, plain, jsprit, memberN)");
                int i = Integer.parseInt(solver.substring("member".length()));
                RoutingSolution s = Router.solveMember(p, Router.PORTFOLIO.get(i), i, Router.Limit.seconds(seconds), () -> false);
                r = new Run(s.distance() / scale, s.vehiclesUsed(), 0, s.dropped().isEmpty());
            }
        }
        return new Run(r.cost(), r.vehicles(), (System.nanoTime() - t0) / 1e9, r.complete());
    }

    /** jsprit on the same integer matrices; an unlimited fleet for CVRPLIB set X, the file's fleet otherwise. */
    static Run jsprit(RoutingProblem p, double seconds, int threads, double scale, int runIndex) {
        int n = p.nodeCount();
        FastVehicleRoutingTransportCostsMatrix.Builder m = FastVehicleRoutingTransportCostsMatrix.Builder.newInstance(n, false);
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) m.addTransportTimeAndDistance(i, j, p.travelTime(i, j), p.distance(i, j));
        VehicleRoutingProblem.Builder b = VehicleRoutingProblem.Builder.newInstance().setRoutingCost(m.build());
        Location depot = Location.Builder.newInstance().setIndex(0).setId("0").build();
        RoutingProblem.Vehicle v0 = p.vehicles().get(0);
        VehicleTypeImpl type = VehicleTypeImpl.Builder.newInstance("t").addCapacityDimension(0, (int) v0.capacity()).setCostPerDistance(1).setCostPerTransportTime(0).build();
        boolean unlimited = p.name().startsWith("X-");
        int fleet = unlimited ? 1 : p.vehicles().size();
        for (int v = 0; v < fleet; v++) {
            VehicleImpl.Builder vb = VehicleImpl.Builder.newInstance("v" + v).setType(type).setStartLocation(depot);
            if (p.horizon() > 1) vb.setEarliestStart(v0.shiftStart()).setLatestArrival(v0.shiftEnd());
            b.addVehicle(vb.build());
        }
        b.setFleetSize(unlimited ? VehicleRoutingProblem.FleetSize.INFINITE : VehicleRoutingProblem.FleetSize.FINITE);
        for (int i = 1; i < n; i++) {
            RoutingProblem.Stop s = p.stopAt(i);
            Service.Builder sb = Service.Builder.newInstance(s.id()).addSizeDimension(0, (int) s.demand())
                    .setLocation(Location.Builder.newInstance().setIndex(i).setId(Integer.toString(i)).build()).setServiceTime(s.serviceTime());
            if (p.horizon() > 1) sb.setTimeWindow(com.graphhopper.jsprit.core.problem.solution.route.activity.TimeWindow.newInstance(s.earliest(), s.latest()));
            b.addJob(sb.build());
        }
        VehicleRoutingProblem vrp = b.build();
        VehicleRoutingAlgorithm algorithm = Jsprit.Builder.newInstance(vrp).setProperty(Jsprit.Parameter.THREADS, Integer.toString(threads))
                .setRandom(new java.util.Random(4711 + runIndex)).buildAlgorithm();
        algorithm.setMaxIterations(Integer.MAX_VALUE);
        TimeTermination stop = new TimeTermination((long) (seconds * 1000));
        algorithm.addTerminationCriterion(stop);
        algorithm.addListener(stop);
        VehicleRoutingProblemSolution best = Solutions.bestOf(algorithm.searchSolutions());
        double distance = 0;
        for (VehicleRoute route : best.getRoutes()) {
            int prev = 0;
            for (TourActivity act : route.getActivities()) { int idx = act.getLocation().getIndex(); distance += p.distance(prev, idx); prev = idx; }
            distance += p.distance(prev, 0);
        }
        return new Run(distance / scale, best.getRoutes().size(), 0, best.getUnassignedJobs().isEmpty());
    }

    static Map<String, Bks> readBks(Path csv) throws IOException {
        Map<String, Bks> out = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", 5);
            // Solomon rows come twice; keep the distance-only ones, the convention the reader implements.
            if (!f[3].startsWith("hierarchical")) out.put(f[0], new Bks(f[0], Integer.parseInt(f[1]), Double.parseDouble(f[2])));
        }
        return out;
    }

    /** Replaces the text between {@code <!-- key:start -->} and {@code <!-- key:end -->}, appending the block when absent. */
    static void writeBetweenMarkers(Path readme, String key, String body) throws IOException {
        String text = Files.readString(readme), start = "<!-- " + key + ":start -->", end = "<!-- " + key + ":end -->";
        int a = text.indexOf(start), z = text.indexOf(end);
        String block = start + "\n" + body + end;
        text = a >= 0 && z > a ? text.substring(0, a) + block + text.substring(z + end.length()) : text + "\n" + block + "\n";
        Files.writeString(readme, text);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String fmt(double v) { return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v); }

}
