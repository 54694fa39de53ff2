package org.corridor.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.corridor.cli.CorridorCli;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.ScenarioLoader;
import org.corridor.solve.Planner;
import org.corridor.solve.SolveControl;
import org.corridor.solve.SolveOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * Solves in a child JVM on the tiny test scenario: the same plan as in-process, progress forwarded,
 * cancellation kills the child, a crashing child fails with its exit code only, and the private
 * folder (mode 0700 while the child runs) is gone afterwards in every case.
 */
class ProcessSolverTest {
    private static final Scenario TINY = ScenarioLoader.load(Path.of("src/test/resources/scenarios/tiny"));
    private static final SolveOptions OPTIONS = new SolveOptions(10, null, 0.01, 0.25, 0.0, 30, 1, 7);
    private static final String CLASS_PATH = System.getProperty("java.class.path");

    @TempDir Path tempRoot;

    @Test
    void aSolveInAChildJvmMakesThePlanTheInProcessPlannerMakesAndForwardsItsStages() {
        Map<String, Double> stages = new ConcurrentHashMap<>();
        Set<String> unpackedByTheChild = ConcurrentHashMap.newKeySet();
        Plan isolated = new ProcessSolver(ProcessSolver.launcher("512m", CLASS_PATH), tempRoot, null)
                .solve(TINY, OPTIONS, control(() -> unpackedByTheChild.addAll(orToolsUnpackedIn(tempRoot)) && false, stages));
        Plan inProcess = Planner.solve(TINY, OPTIONS);

        assertThat(isolated.solver().status()).isEqualTo("OPTIMAL");
        assertThat(isolated.solver().inputHash()).isEqualTo(inProcess.solver().inputHash());
        // the whole plan, but for the stages' wall times (excluded from determinism)
        assertThat(withoutTimes(isolated)).isEqualTo(withoutTimes(inProcess));
        assertThat(stages).containsEntry("compile", 0.0).containsEntry("done", 1.0);
        // without a folder of unpacked libraries, the child unpacks its own (what the next test sees never happen with one)
        assertThat(unpackedByTheChild).isNotEmpty();
        assertThat(tempRoot).isEmptyDirectory();
    }

    @Test
    void everyChildLoadsTheOrToolsLibrariesUnpackedOnceInsteadOfUnpackingItsOwn(@TempDir Path librariesRoot) throws IOException {
        Set<String> unpackedByAChild = ConcurrentHashMap.newKeySet();
        SolveControl watching = control(() -> unpackedByAChild.addAll(orToolsUnpackedIn(tempRoot)) && false, new ConcurrentHashMap<>());
        try (ProcessSolver solver = new ProcessSolver(ProcessSolver.launcher("512m", CLASS_PATH), tempRoot, librariesRoot)) {
            Plan first = solver.solve(TINY, OPTIONS, watching);
            Path folder = solver.nativeLibraries().orElseThrow();
            Object key = Files.readAttributes(folder.resolve(System.mapLibraryName("jniortools")), java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            Plan second = solver.solve(TINY, OPTIONS, watching);

            assertThat(withoutTimes(second)).isEqualTo(withoutTimes(first));
            assertThat(first.solver().status()).isEqualTo("OPTIMAL");
            assertThat(unpackedByAChild).isEmpty();
            // one folder, the same file for both solves, readable by this user only
            try (Stream<Path> folders = Files.list(librariesRoot)) { assertThat(folders).containsExactly(folder); }
            assertThat(Files.readAttributes(folder.resolve(System.mapLibraryName("jniortools")), java.nio.file.attribute.BasicFileAttributes.class).fileKey()).isEqualTo(key);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix"))
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        }
        assertThat(librariesRoot).isEmptyDirectory();
        assertThat(tempRoot).isEmptyDirectory();
    }

    @Test
    void cancellingKillsTheChildWhichRanAtTheWorkersLoweredPriority() throws Exception {
        SolveThreadPriority three = new SolveThreadPriority(3);
        AtomicReference<ProcessHandle> seen = new AtomicReference<>();
        AtomicReference<String> folderMode = new AtomicReference<>();
        // cancel as soon as the child runs the command line: it has at least its JVM start and solve left
        SolveControl cancelOnceStarted = control(() -> {
            if (seen.get() == null) child().ifPresent(seen::set);
            if (seen.get() != null && folderMode.get() == null) folderMode.set(modeOfTheOnlyFolderIn(tempRoot));
            return seen.get() != null;
        }, new ConcurrentHashMap<>());
        int[] nice = new int[2];
        AtomicReference<Integer> childNice = new AtomicReference<>();
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                if (three.active()) {
                    nice[0] = SolveThreadPriority.currentNice();
                    three.lowerCurrentThread();
                    nice[1] = SolveThreadPriority.currentNice();
                }
                new ProcessSolver(ProcessSolver.launcher("512m", CLASS_PATH), tempRoot, null).solve(TINY, OPTIONS, new SolveControl() {
                    @Override public boolean cancelled() {
                        boolean stop = cancelOnceStarted.cancelled();
                        if (stop && three.active() && childNice.get() == null) childNice.set(niceOf(seen.get()));
                        return stop;
                    }
                    @Override public void progress(String stage, double fraction) {}
                });
                thrown.complete(null);
            } catch (Throwable t) {
                thrown.complete(t);
            }
        }, "solve-test");
        worker.start();
        assertThat(thrown.get()).isInstanceOf(SolveControl.SolveCancelledException.class);
        assertThat(seen.get().isAlive()).isFalse();
        assertThat(child()).isEmpty();
        assertThat(tempRoot).isEmptyDirectory();
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) assertThat(folderMode.get()).isEqualTo("rwx------");
        // Linux with renice only: the child's threads start at the nice of the worker that started it
        if (three.active()) assertThat(childNice.get()).isEqualTo(nice[1]).isEqualTo(Math.min(SolveThreadPriority.MAX_NICE, nice[0] + 3));
    }

    @Test
    void aCrashingChildFailsTheSolveWithItsExitCodeAndNothingItPrinted() {
        List<String> crashing = List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp", CLASS_PATH, Crash.class.getName());
        assertThatThrownBy(() -> new ProcessSolver(crashing, tempRoot, null).solve(TINY, OPTIONS, control(() -> false, new ConcurrentHashMap<>())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the solve process failed (exit 3)")
                .hasNoCause();
        assertThat(tempRoot).isEmptyDirectory();
    }

    @Test
    void aStartingSolverDeletesTheFoldersOfADeadServiceAndKeepsThoseOfLiveProcesses() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long dead = gone.pid(), alive = ProcessHandle.current().parent().orElseThrow().pid();
        Path deadSolve = Files.createDirectories(tempRoot.resolve("corridor-solve-" + dead + "-1/scenario"));
        Files.writeString(deadSolve.resolve("locations.csv"), "a scenario a killed service left behind");
        Path deadLibraries = Files.createDirectory(tempRoot.resolve("corridor-ortools-" + dead + "-2"));
        Path liveSolve = Files.createDirectory(tempRoot.resolve("corridor-solve-" + alive + "-3"));
        Path unrelated = Files.createDirectory(tempRoot.resolve("corridor-solve-notapid"));

        new ProcessSolver(ProcessSolver.launcher("512m", CLASS_PATH), tempRoot, null);

        assertThat(tempRoot.resolve("corridor-solve-" + dead + "-1")).doesNotExist();
        assertThat(deadLibraries).doesNotExist();
        assertThat(liveSolve).exists();
        assertThat(unrelated).exists();
    }

    @Test
    void theCommandLineRunsFromTheClassPathOutsideASpringBootJar() throws IOException {
        String classPath = "a.jar" + File.pathSeparator + "b";
        assertThat(ProcessSolver.launcher("1g", classPath)).endsWith("-Xmx1g", "-cp", classPath, CorridorCli.class.getName());
        Path plainJar = Files.writeString(tempRoot.resolve("not-a-jar.jar"), "x");
        assertThat(ProcessSolver.bootJar(plainJar.toString())).isFalse();
        assertThat(ProcessSolver.bootJar(classPath)).isFalse();
    }

    /** A child that prints what a solve might (a place and its coordinates) and dies. */
    public static final class Crash {
        public static void main(String[] args) {
            System.out.println("progress compile 0.0000");
            System.out.println("route AF01 -> AF02 at 34.5553,69.2075");
            System.err.println("route AF01 -> AF02 at 34.5553,69.2075");
            System.exit(3);
        }
    }

    private interface Check { boolean cancelled(); }

    private static SolveControl control(Check cancelled, Map<String, Double> stages) {
        return new SolveControl() {
            @Override public boolean cancelled() { return cancelled.cancelled(); }
            @Override public void progress(String stage, double fraction) { stages.put(stage, fraction); }
        };
    }

    /**
     * A JVM this JVM started: a ProcessSolver's child (the tests' other processes, e.g. an embedded
     * PostgreSQL, are no JVMs). Matched by program, as Java reads only a page of a Linux command line.
     */
    private static Optional<ProcessHandle> child() {
        String java = ProcessHandle.current().info().command().orElseThrow();
        try (Stream<ProcessHandle> all = ProcessHandle.current().descendants()) {
            return all.filter(p -> p.info().command().map(java::equals).orElse(false)).findFirst();
        }
    }

    /** The POSIX permissions of the solve's private folder while its child runs ("" where there are none). */
    private static String modeOfTheOnlyFolderIn(Path root) {
        try (Stream<Path> folders = Files.list(root)) {
            Path folder = folders.reduce((a, b) -> { throw new IllegalStateException("more than one folder in " + root); }).orElseThrow();
            return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What OR-Tools' loader unpacked under {@code root}: a folder "ortools-java..." in a child's temporary folder. */
    private static Set<String> orToolsUnpackedIn(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ortools-java")).collect(java.util.stream.Collectors.toSet());
        } catch (IOException | java.io.UncheckedIOException e) {
            return Set.of(); // a solve's folder was deleted while we looked
        }
    }

    private static int niceOf(ProcessHandle p) {
        try {
            return SolveThreadPriority.niceOf(Files.readString(Path.of("/proc", String.valueOf(p.pid()), "stat"))).orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode withoutTimes(Plan plan) {
        ObjectNode tree = Json.mapper().valueToTree(plan);
        ((ObjectNode) tree.get("solver")).remove("stageMillis");
        return tree;
    }
}
