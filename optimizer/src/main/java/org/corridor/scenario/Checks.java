package org.corridor.scenario;

/** Argument checks shared by the domain records, so every message names what to fix. */
final class Checks {
    private Checks() {}

    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    static String id(String what, String value) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(what + " is required");
        if (!ID.matcher(value).matches())
            throw new IllegalArgumentException(what + " must be 1-64 letters, digits or _.:- (got '" + shorten(value) + "')");
        return value;
    }

    static double nonNegative(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException(what + " must be a finite number >= 0 (got " + v + ")");
        return v;
    }

    static double positive(String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException(what + " must be a finite number > 0 (got " + v + ")");
        return v;
    }

    static double probability(String what, double v) {
        if (!(v >= 0 && v < 1)) throw new IllegalArgumentException(what + " must be in [0, 1) (got " + v + ")");
        return v;
    }

    static int day(String what, int d) {
        if (d < 0 || d > 3650) throw new IllegalArgumentException(what + " must be a day in [0, 3650] (got " + d + ")");
        return d;
    }

    static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
