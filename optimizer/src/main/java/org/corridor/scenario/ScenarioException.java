package org.corridor.scenario;

import java.util.List;

/** Thrown when a scenario cannot be built; carries every problem found, not just the first. */
public final class ScenarioException extends RuntimeException {
    private final List<Problem> problems;

    public ScenarioException(List<Problem> problems) {
        super(problems.size() + " problem(s) in the scenario; first: " + problems.get(0));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() { return problems; }
}
