package org.corridor.scenario;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads the fields of one JSON object of an input file, adding a {@link Problem} located by line and
 * JSON pointer for every bad field instead of stopping at the first, so one upload lists everything
 * to fix. The rules and events readers extend it with their own fields. Not thread-safe: one per object.
 */
public class JsonFields {
    protected final String source;
    protected final String at;
    protected final int line;
    protected final List<Problem> problems;
    private final int before;

    /**
     * @param source   the file (or request part) named in problems
     * @param at       JSON pointer of the object, e.g. {@code /3}
     * @param line     1-based line the object starts on
     * @param problems where problems are added (shared by the readers of one input)
     */
    public JsonFields(String source, String at, int line, List<Problem> problems) {
        this.source = source;
        this.at = at;
        this.line = line;
        this.problems = problems;
        this.before = problems.size();
    }

    /** Whether no problem has been added since this reader was made. */
    public final boolean clean() { return problems.size() == before; }

    /** Adds a problem at {@code field} (a pointer relative to this object, "" for the object itself). */
    public final void add(String field, String message) { problems.add(new Problem(source, line, at + field, message)); }

    /** A string field; null (and a problem if required) when absent, null with a problem when not a string. */
    public final String string(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) add("/" + field, field + " is required");
            return null;
        }
        if (!v.isString()) { add("/" + field, field + " must be a string"); return null; }
        return v.stringValue();
    }

    /** JSON pointer escaping of a property name (RFC 6901), cut so a hostile name cannot flood a problem list. */
    public static String escape(String name) { return shorten(name.replace("~", "~0").replace("/", "~1")); }

    /** At most 160 characters of {@code s}. */
    public static String shorten(String s) { return s.length() <= 160 ? s : s.substring(0, 160) + "..."; }
}
