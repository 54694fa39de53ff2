package org.corridor.scenario;

/**
 * One thing wrong with an input, located precisely enough to fix it.
 *
 * @param file    file (or request part) the problem is in, e.g. {@code roads.csv}
 * @param line    1-based line in that file, 0 when the problem is not tied to a line
 * @param field   column or field name, empty when the problem concerns a whole row or file
 * @param message what is wrong, in words a data manager can act on; never a coordinate
 */
public record Problem(String file, int line, String field, String message) {
    public Problem {
        file = file == null ? "" : file;
        field = field == null ? "" : field;
        if (message == null || message.isBlank()) throw new IllegalArgumentException("a problem needs a message");
    }

    @Override public String toString() {
        return file + (line > 0 ? ":" + line : "") + (field.isEmpty() ? "" : " [" + field + "]") + ": " + message;
    }
}
