package org.corridor.solve;

/**
 * How a caller (the CLI, the service's job runner) watches and stops a running solve. Stages poll
 * {@link #cancelled()} between units of work and pass it to the solvers' interrupt hooks, so a
 * cancelled solve frees its threads promptly. Implementations must be thread-safe.
 */
public interface SolveControl {
    /** Never cancelled, reports nowhere. */
    SolveControl NONE = new SolveControl() {
        public boolean cancelled() { return false; }
        public void progress(String stage, double fraction) {}
    };

    /** True once the caller wants the solve stopped; the solve then throws {@link SolveCancelledException}. */
    boolean cancelled();

    /** The solve entered {@code stage} (compile, allocate, convoys, lastMile, explain) and is {@code fraction} done overall. */
    void progress(String stage, double fraction);

    /** Thrown by a solve that noticed it was cancelled. */
    final class SolveCancelledException extends RuntimeException {
        public SolveCancelledException(String stage) { super("solve cancelled during " + stage); }
    }
}
