package org.corridor.api.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One located validation error inside a problem's {@code errors} array: either in the request body
 * ({@code pointer}) or in a query parameter ({@code parameter}).
 *
 * @param pointer   RFC 6901 JSON pointer to the offending value of the body (for an uploaded
 *                  scenario: {@code /<file>/<line>/<field>}), or null
 * @param parameter name of the offending query parameter or header, or null
 * @param detail    what is wrong and how to fix it, without echoing coordinates
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemError(String pointer, String parameter, String detail) {

    /** An error in the request body. */
    public static ProblemError at(String pointer, String detail) { return new ProblemError(pointer, null, detail); }

    /** An error in a query parameter or header. */
    public static ProblemError parameter(String name, String detail) { return new ProblemError(null, name, detail); }

    /** Escapes one reference token of a JSON pointer (RFC 6901: ~ as ~0, / as ~1). */
    public static String token(String s) {
        return s.replace("~", "~0").replace("/", "~1");
    }

    /** A client-supplied id made safe to quote in a message: printable ASCII, at most 64 characters. */
    public static String printable(String s) {
        if (s == null) return "";
        String t = s.replaceAll("[^\\x20-\\x7E]", "?");
        return t.length() <= 64 ? t : t.substring(0, 64) + "...";
    }
}
