package org.corridor.solve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The bounded pool of worker threads of one solve. Every fan-out stage (routes per agency and
 * origin, convoys, last mile per hub, value of access per rule, frontier per budget) runs its
 * independent pieces through {@link #map}, which returns results <em>in input order</em>: the merge
 * never depends on which thread finished first, so plans do not depend on the thread count.
 *
 * <p>With one thread the work runs on the caller's thread (no pool is created). Thread-safe:
 * several stages may call {@link #map} concurrently, each waits for its own tasks only. Close it when
 * the solve ends ({@link Planner} does).
 */
public final class WorkerPool implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int threads;
    private final ExecutorService executor;

    /** A pool of {@code threads} workers (at least 1). */
    public WorkerPool(int threads) {
        if (threads < 1) throw new IllegalArgumentException("a worker pool needs at least 1 thread (got " + threads + ")");
        this.threads = threads;
        if (threads == 1) {
            executor = null;
        } else {
            int pool = POOLS.incrementAndGet();
            AtomicInteger n = new AtomicInteger();
            executor = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "corridor-" + pool + "-worker-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    /** Number of worker threads. */
    public int threads() { return threads; }

    /**
     * Applies {@code fn} to every item, in parallel up to the pool size, and returns the results in
     * the order of {@code items}. Checks {@code control} before each item; a cancelled solve throws
     * {@link SolveControl.SolveCancelledException} naming {@code stage}. An exception thrown by
     * {@code fn} is rethrown (the first one in input order) after the other tasks are cancelled.
     */
    public <T, R> List<R> map(String stage, List<T> items, Function<? super T, ? extends R> fn, SolveControl control) {
        return map(stage, items, fn, control, item -> 0);
    }

    /**
     * {@link #map(String, List, Function, SolveControl)} with the items started largest {@code work} first
     * (longest processing time first; ties in input order), so that the pool does not end on one long task
     * while the other workers idle. Results are still in input order.
     */
    public <T, R> List<R> map(String stage, List<T> items, Function<? super T, ? extends R> fn, SolveControl control,
                              ToDoubleFunction<? super T> work) {
        List<R> out = new ArrayList<>(items.size());
        if (executor == null || items.size() <= 1) {
            for (T item : items) {
                if (control.cancelled()) throw new SolveControl.SolveCancelledException(stage);
                out.add(fn.apply(item));
            }
            return out;
        }
        List<Integer> start = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) start.add(i);
        start.sort(Comparator.comparingDouble((Integer i) -> -work.applyAsDouble(items.get(i)))); // stable: ties keep input order
        List<Future<R>> futures = new ArrayList<>(java.util.Collections.nCopies(items.size(), null));
        for (int i : start) {
            T item = items.get(i);
            futures.set(i, executor.submit(() -> {
                if (control.cancelled()) throw new SolveControl.SolveCancelledException(stage);
                return fn.apply(item);
            }));
        }
        try {
            for (Future<R> f : futures) out.add(f.get());
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SolveControl.SolveCancelledException(stage);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) throw (RuntimeException) cause;
            if (cause instanceof Error) throw (Error) cause;
            throw new IllegalStateException("worker failed during " + stage, cause);
        } catch (CancellationException e) {
            throw new SolveControl.SolveCancelledException(stage);
        } finally {
            for (Future<R> f : futures) f.cancel(true);
        }
    }

    @Override public void close() {
        if (executor != null) executor.shutdownNow();
    }
}
