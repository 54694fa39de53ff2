package org.corridor.api.job;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs solve worker threads at a lower OS priority ({@code corridor.jobs.nice} levels of nice), so
 * that on a small machine the solves give way to the request threads and reads keep their latency
 * while the solve capacity is full.
 *
 * <p>Linux only: there a Java thread is a kernel task with its own nice value, and every thread a
 * task creates inherits it, so lowering the job worker itself also lowers the optimizer's worker
 * pool threads and OR-Tools' native CP-SAT threads that its solves start. Java 17 cannot call
 * setpriority without JNI, hence one {@code renice} process per worker thread (pool threads are
 * reused, so that happens once per thread, not per job). Anywhere else, or without renice, it does
 * nothing and says so once at start: a solve never fails because of its priority.
 */
final class SolveThreadPriority {
    private static final Logger log = LoggerFactory.getLogger(SolveThreadPriority.class);
    /** Linux's highest nice value (lowest priority). */
    static final int MAX_NICE = 19;
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

    private final int nice;
    /** The renice program, or null when lowering is off or impossible here. */
    private final Path renice;

    /** @param nice how many nice levels below the threads that start them the solve threads run (0 = off; validated by CorridorProperties.Jobs) */
    SolveThreadPriority(int nice) {
        this(nice, System.getenv("PATH"));
    }

    SolveThreadPriority(int nice, String searchPath) {
        this.nice = nice;
        Optional<Path> program = onPath("renice", searchPath);
        if (nice == 0) {
            log.info("solve threads run at the same OS priority as request threads (corridor.jobs.nice=0)");
            renice = null;
        } else if (!Files.isDirectory(THREAD_SELF)) {
            log.info("corridor.jobs.nice={} has no effect here: thread priorities need Linux's /proc/thread-self", nice);
            renice = null;
        } else if (program.isEmpty()) {
            log.info("corridor.jobs.nice={} has no effect: no renice program on the PATH (Debian: util-linux)", nice);
            renice = null;
        } else {
            log.info("solve threads run {} nice levels below the request threads (corridor.jobs.nice)", nice);
            renice = program.get();
        }
    }

    /** Whether {@link #lowerCurrentThread()} will try to change anything. */
    boolean active() { return renice != null; }

    /**
     * Lowers the calling thread's priority by the configured levels (capped at {@link #MAX_NICE}).
     * Call it from the thread itself, before it starts threads that should inherit the priority.
     * Failures are logged and otherwise ignored.
     */
    void lowerCurrentThread() {
        if (renice == null) return;
        try {
            String self = Files.readSymbolicLink(THREAD_SELF).toString();
            int tid = threadId(self).orElseThrow(() -> new IOException("unexpected /proc/thread-self link " + self));
            int target = Math.min(MAX_NICE, currentNice() + nice);
            Process p = new ProcessBuilder(renice.toString(), String.valueOf(target), "-p", String.valueOf(tid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                log.warn("renice of solve thread {} did not finish in 10 s; it runs at normal priority", tid);
            } else if (p.exitValue() != 0) {
                log.warn("renice of solve thread {} to nice {} failed (exit {}); it runs at normal priority", tid, target, p.exitValue());
            }
        } catch (IOException | RuntimeException e) {
            log.warn("could not lower the priority of solve thread {} ({}); it runs at normal priority", Thread.currentThread().getName(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The nice value of the calling thread, from field 19 of /proc/thread-self/stat (Linux only). */
    static int currentNice() throws IOException {
        String stat = Files.readString(THREAD_SELF.resolve("stat"));
        return niceOf(stat).orElseThrow(() -> new IOException("unexpected /proc/thread-self/stat format"));
    }

    /** The thread id in a /proc/thread-self link target ({@code PID/task/TID}). */
    static OptionalInt threadId(String threadSelf) {
        String[] parts = threadSelf.split("/");
        if (parts.length != 3 || !parts[1].equals("task") || !parts[2].matches("[0-9]{1,10}")) return OptionalInt.empty();
        return OptionalInt.of(Integer.parseInt(parts[2]));
    }

    /**
     * The nice value (field 19) of a /proc stat line. Field 2 is the thread's name in parentheses and
     * may itself hold spaces and parentheses, so fields are counted from the last ')' (field 3 follows it).
     */
    static OptionalInt niceOf(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) return OptionalInt.empty();
        String[] fields = stat.substring(close + 1).trim().split("\\s+");
        int index = 19 - 3;
        if (fields.length <= index || !fields[index].matches("-?[0-9]{1,2}")) return OptionalInt.empty();
        return OptionalInt.of(Integer.parseInt(fields[index]));
    }

    /** An executable named {@code name} in a PATH-style list of folders. */
    static Optional<Path> onPath(String name, String searchPath) {
        if (searchPath == null) return Optional.empty();
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }
}
