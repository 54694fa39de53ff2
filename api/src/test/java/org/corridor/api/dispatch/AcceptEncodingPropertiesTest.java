package org.corridor.api.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The Accept-Encoding reading that decides whether a dispatch travels as its stored gzip bytes. */
class AcceptEncodingPropertiesTest {

    @Example
    void gzipIsSentOnlyWhenListedOrStarredWithAPositiveQValue() {
        assertThat(DispatchController.acceptsGzip("gzip")).isTrue();
        assertThat(DispatchController.acceptsGzip("deflate, GZIP;q=0.5")).isTrue();
        assertThat(DispatchController.acceptsGzip("x-gzip")).isTrue();
        assertThat(DispatchController.acceptsGzip("br;q=1, *;q=0.1")).isTrue();
        assertThat(DispatchController.acceptsGzip(null)).isFalse();
        assertThat(DispatchController.acceptsGzip("")).isFalse();
        assertThat(DispatchController.acceptsGzip("identity")).isFalse();
        assertThat(DispatchController.acceptsGzip("gzip;q=0")).isFalse();
        assertThat(DispatchController.acceptsGzip("gzip;q=0.000, *")).isFalse(); // the explicit refusal wins over *
        assertThat(DispatchController.acceptsGzip("*;q=0")).isFalse();
        assertThat(DispatchController.acceptsGzip("gzip;q=banana")).isFalse();
        assertThat(DispatchController.acceptsGzip("gzip;q=1.5")).isFalse();
    }

    /** Any header at all is answered (no exception reaches the client as a 500). */
    @Property
    void anyHeaderIsReadWithoutFailing(@ForAll("headers") String header) {
        DispatchController.acceptsGzip(header);
    }

    /** A gzip entry with q=0 is a refusal, whatever else the header lists around it. */
    @Property
    void aZeroQValueForGzipIsARefusal(@ForAll("codings") String before, @ForAll("codings") String after) {
        assertThat(DispatchController.acceptsGzip(before + ", gzip;q=0, " + after.replace("gzip", "br"))).isEqualTo(before.contains("gzip") && !before.contains("q=0"));
    }

    @Provide
    Arbitrary<String> headers() {
        return Arbitraries.strings().withChars("gzipx-*;q=0.15, \t\u00e9\"").ofMaxLength(40);
    }

    @Provide
    Arbitrary<String> codings() {
        return Arbitraries.of("identity", "br", "deflate;q=0.3", "*;q=0.2", "gzip", "gzip;q=0", "compress");
    }
}
