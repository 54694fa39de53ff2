package org.corridor.api.job;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.corridor.cli.CorridorCli;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.ScenarioWriter;
import org.corridor.solve.SolveControl;
import org.corridor.solve.SolveOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * Runs each solve in a child JVM ({@code corridor.jobs.isolation=process}, the default): the
 * optimizer's command line, {@code plan --supervised}, on the scenario and options written to a
 * private temporary folder, its plan read back. The solve's allocations, garbage-collection pauses
 * and JIT compilation then stay out of the service's JVM, whose request threads they would stop or
 * slow down; the plan is the one the in-process planner makes (same inputs, same seed).
 *
 * <p>The child is started by the solve worker thread, so it inherits that thread's lowered OS
 * priority ({@code corridor.jobs.nice}; Linux), all its threads included. Its heap is bounded
 * ({@code corridor.jobs.process-max-heap}) and its temporary files (OR-Tools unpacks its native
 * libraries there) go to the private folder, which is deleted after every solve, whatever happened.
 * Cancellation, the job's time limit and shutdown destroy the child and its descendants; a child
 * that ends of itself also stops when the service's process is gone. What the child prints besides its
 * progress lines and its standard error are discarded, never logged: they may name places and
 * routes; a failure is reported by exit code only.
 *
 * <p>OR-Tools' native libraries (~69 MB) are unpacked from the class path once, at the first solve,
 * into a private folder that every child then loads them from ({@code -Djava.library.path}), instead
 * of each child unpacking them again (measured ~1.3 s of its start); the folder is deleted when the
 * service stops ({@link #close()}). If they cannot be unpacked, each child unpacks them itself, as
 * OR-Tools does by default. Folders a killed service could not delete (a solve's scenario among them)
 * are deleted by the next service that starts ({@link #removeStale}).
 */
final class ProcessSolver implements Solver, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProcessSolver.class);
    /** How often the worker checks the job's {@link SolveControl#cancelled()} while the child runs. */
    private static final long POLL_MILLIS = 50;
    private static final String CLI = CorridorCli.class.getName();
    /** Spring Boot's launcher that starts another main class from the service's executable jar. */
    private static final String BOOT_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";
    /** This service's process id, in its folders' names: a later service tells what a dead one left behind. */
    private static final long SERVICE_PID = ProcessHandle.current().pid();
    private static final String SOLVE_PREFIX = "corridor-solve-", LIBRARIES_PREFIX = "corridor-ortools-";
    private static final Pattern FOLDER = Pattern.compile("corridor-(?:solve|ortools)-([0-9]+)-.*");

    /** Where OR-Tools keeps this platform's native libraries on the class path (its Loader's resource folder). */
    private static final String NATIVE_RESOURCES = "ortools-" + com.sun.jna.Platform.RESOURCE_PREFIX + "/";

    private final List<String> launch;
    private final Path tempRoot;
    private final Path librariesRoot;
    /** The unpacked native libraries' folder; empty once unpacking failed; null until the first solve. */
    private Optional<Path> libraries;

    /** @param maxHeap the child JVM's -Xmx value, e.g. {@code 2g} (validated by CorridorProperties.Jobs) */
    ProcessSolver(String maxHeap) {
        this(launcher(maxHeap, System.getProperty("java.class.path")), Path.of(System.getProperty("java.io.tmpdir")),
                Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * @param launch        the command that starts a JVM running the command line, ending with the main class (JVM options go before it)
     * @param tempRoot      where each solve's private folder is created
     * @param librariesRoot where the OR-Tools native libraries' private folder is created; null = each child unpacks its own
     */
    ProcessSolver(List<String> launch, Path tempRoot, Path librariesRoot) {
        this.launch = List.copyOf(launch);
        this.tempRoot = tempRoot;
        this.librariesRoot = librariesRoot;
        this.libraries = librariesRoot == null ? Optional.empty() : null;
        int stale = removeStale(tempRoot) + (librariesRoot == null || librariesRoot.equals(tempRoot) ? 0 : removeStale(librariesRoot));
        if (stale > 0) log.info("removed {} folder(s) left by solve processes of a service that is no longer running", stale);
    }

    /**
     * Deletes the private folders under {@code root} that a service killed before it could clean up
     * left behind (a solve's scenario, options and plan, or the ~69 MB of native libraries): those
     * whose name carries the process id of a process that is no longer alive. A folder of a service
     * still running (or of a process that reused its id) is kept.
     *
     * @return how many were deleted
     */
    static int removeStale(Path root) {
        int removed = 0;
        try (Stream<Path> entries = Files.list(root)) {
            for (Path p : entries.toList()) {
                Matcher m = FOLDER.matcher(p.getFileName().toString());
                if (!m.matches() || !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) continue;
                long pid = Long.parseLong(m.group(1));
                if (pid == SERVICE_PID || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                delete(p);
                removed++;
            }
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            log.warn("could not look for folders left by earlier solve processes ({})", e.getClass().getSimpleName());
        }
        return removed;
    }

    /**
     * The command that runs the optimizer's command line in a JVM of this runtime: from the service's
     * Spring Boot jar through its {@value #BOOT_LAUNCHER} (the classes are nested in the jar), else
     * (tests, an IDE, an unpacked class path) on this JVM's class path.
     */
    static List<String> launcher(String maxHeap, String classPath) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + maxHeap));
        if (bootJar(classPath)) command.addAll(List.of("-cp", Path.of(classPath).toAbsolutePath().toString(), "-Dloader.main=" + CLI, BOOT_LAUNCHER));
        else command.addAll(List.of("-cp", classPath, CLI));
        return command;
    }

    /** Whether the class path is one Spring Boot executable jar (its manifest names a Start-Class). */
    static boolean bootJar(String classPath) {
        if (classPath == null || classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) return false;
        try (JarFile jar = new JarFile(classPath)) {
            return jar.getManifest() != null && jar.getManifest().getMainAttributes().getValue("Start-Class") != null;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Plan solve(Scenario scenario, SolveOptions options, SolveControl control) {
        Path dir = privateFolder();
        Process child = null;
        Thread progress = null;
        try {
            Path scenarioDir = dir.resolve("scenario"), optionsFile = dir.resolve("options.json"), out = dir.resolve("plan.json");
            ScenarioWriter.write(scenario, scenarioDir, "written by the Corridor service for one solve");
            Json.write(options, optionsFile);
            List<String> command = new ArrayList<>(launch.subList(0, launch.size() - 1));
            command.add("-Djava.io.tmpdir=" + Files.createDirectory(dir.resolve("tmp")));
            nativeLibraries().ifPresent(folder -> command.add("-Djava.library.path=" + folder));
            command.add(launch.get(launch.size() - 1));
            command.addAll(List.of("plan", "--scenario", scenarioDir.toString(), "--options", optionsFile.toString(), "--out", out.toString(), "--supervised"));
            child = new ProcessBuilder(command).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            child.getOutputStream().close(); // it reads nothing from us
            progress = forwardProgress(child, control);
            while (!child.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (control.cancelled()) {
                    destroy(child);
                    throw new SolveControl.SolveCancelledException("solve process");
                }
            }
            progress.join(TimeUnit.SECONDS.toMillis(5));
            int code = child.exitValue();
            // FAILED with a plan file: the solve ended without a usable plan, which the plan records (as in-process)
            if ((code == CorridorCli.OK || code == CorridorCli.FAILED) && Files.isRegularFile(out)) return Json.read(out, Plan.class);
            throw new IllegalStateException("the solve process failed (exit " + code + ")");
        } catch (IOException | UncheckedIOException | JacksonException e) {
            throw new IllegalStateException("the solve process could not be run or read (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SolveControl.SolveCancelledException("solve process");
        } finally {
            if (child != null) destroy(child);
            if (progress != null) progress.interrupt();
            delete(dir);
        }
    }

    /** A new folder only this user may read (0700 where the file system has POSIX permissions). */
    private Path privateFolder() {
        try {
            return privateFolder(tempRoot, SOLVE_PREFIX + SERVICE_PID + "-");
        } catch (IOException e) {
            throw new IllegalStateException("no temporary folder for the solve process (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Path privateFolder(Path root, String prefix) throws IOException {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? Files.createTempDirectory(root, prefix, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                : Files.createTempDirectory(root, prefix);
    }

    /**
     * The folder of OR-Tools' native libraries for this platform, unpacked from the class path (a jar,
     * nested in the service's jar or not, or a folder) at the first call; empty if that failed.
     */
    synchronized Optional<Path> nativeLibraries() {
        if (libraries != null) return libraries;
        Path folder = null;
        try {
            URL resources = com.google.ortools.Loader.class.getClassLoader().getResource(NATIVE_RESOURCES);
            if (resources == null) throw new IOException("no " + NATIVE_RESOURCES + " on the class path");
            folder = privateFolder(librariesRoot, LIBRARIES_PREFIX + SERVICE_PID + "-");
            URI uri = resources.toURI();
            if (uri.getScheme().equals("file")) copyFiles(Path.of(uri), folder);
            else try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) { copyFiles(Path.of(uri), folder); }
            libraries = Optional.of(folder);
        } catch (IOException | URISyntaxException | RuntimeException e) {
            log.warn("OR-Tools' native libraries could not be unpacked once for all solves; each solve process unpacks its own ({})",
                    e.getClass().getSimpleName());
            if (folder != null) delete(folder);
            libraries = Optional.empty();
        }
        return libraries;
    }

    private static void copyFiles(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) Files.copy(f, to.resolve(f.getFileName().toString()));
        }
    }

    /** Deletes the unpacked native libraries (the service stops; no solve runs any more). */
    @Override
    public synchronized void close() {
        if (libraries != null) libraries.ifPresent(ProcessSolver::delete);
        libraries = librariesRoot == null ? Optional.empty() : null;
    }

    /**
     * Reads the child's standard output to its end (so it never blocks on a full pipe), passing the
     * {@code progress STAGE FRACTION} lines to {@code control} and dropping every other line.
     */
    private static Thread forwardProgress(Process child, SolveControl control) {
        Thread t = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    String[] parts = line.split(" ");
                    if (parts.length == 3 && parts[0].equals("progress") && parts[2].matches("[01]\\.[0-9]{1,6}"))
                        control.progress(parts[1], Double.parseDouble(parts[2]));
                }
            } catch (IOException | RuntimeException e) {
                // the child was destroyed, or the job's progress could not be stored: progress is advisory
            }
        }, Thread.currentThread().getName() + "-progress");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Ends the child and everything it started, and waits briefly for it to be gone. */
    private static void destroy(Process child) {
        if (!child.isAlive()) return;
        child.descendants().forEach(ProcessHandle::destroyForcibly);
        child.destroyForcibly();
        try {
            if (!child.waitFor(10, TimeUnit.SECONDS)) log.warn("solve process {} did not end within 10 s of being killed", child.pid());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes a private folder: a solve's (scenario, options, plan, the child's temporary files), or the native libraries'. */
    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException | UncheckedIOException e) {
            log.warn("could not delete a solve process's temporary folder {} ({})", dir.getFileName(), e.getClass().getSimpleName());
        }
    }
}
