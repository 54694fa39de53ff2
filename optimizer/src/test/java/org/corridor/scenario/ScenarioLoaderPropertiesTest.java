package org.corridor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Hostile input never escapes the loader as anything but a {@link ScenarioException} with located,
 * trace-free problems; and a load either yields a whole valid scenario or nothing.
 */
class ScenarioLoaderPropertiesTest {

    static final List<String> FILES = List.of("provinces.csv", "entry_points.csv", "roads.csv", "agencies.csv", "fleet.csv",
            "commodities.csv", "stocks.csv", "needs.csv", "rules.json", "scenario.json");

    private Path dir;

    @BeforeProperty
    void copy() throws IOException {
        dir = ScenarioLoaderTest.copyOfAfghanistan(Files.createTempDirectory("corridor-hostile"));
    }

    @AfterProperty
    void delete() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** Puts {@code content} in place of one file, loads, and restores the original. */
    private void withFile(String file, byte[] content) {
        Path f = dir.resolve(file);
        try {
            byte[] original = Files.readAllBytes(f);
            Files.write(f, content);
            try {
                loadsWholeOrReportsCleanly(dir);
            } finally {
                Files.write(f, original);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void loadsWholeOrReportsCleanly(Path dir) {
        Scenario s;
        try {
            s = ScenarioLoader.load(dir);
        } catch (ScenarioException e) {
            assertThat(e.problems()).isNotEmpty().allSatisfy(p -> {
                assertThat(FILES).contains(p.file());
                assertThat(p.line()).isNotNegative();
                assertThat(p.message()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("34.52813");
                // located: only whole-file problems (unreadable, not UTF-8, not an array) go without a line
                boolean wholeFile = p.message().startsWith("file ") || p.message().startsWith("empty input")
                        || p.message().startsWith("invalid JSON") || p.file().equals("scenario.json");
                if (!wholeFile) assertThat(p.line()).as(p.toString()).isPositive();
            });
            return;
        }
        // a scenario that loads is whole: every cross-reference resolves
        assertThat(Scenario.Validation.crossReferences(s.locations(), s.roads(), s.agencies(), s.commodities(), s.stocks(), s.needs(), s.rules())).isEmpty();
        assertThat(s.locations()).hasSizeGreaterThan(0);
    }

    @Property(tries = 40)
    void randomTextInAnyFile(@ForAll("files") String file, @ForAll String text) {
        withFile(file, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Property(tries = 40)
    void randomBytesInAnyFile(@ForAll("files") String file, @ForAll byte[] bytes) {
        withFile(file, bytes);
    }

    @Property(tries = 120)
    void hostileValueInAnyCell(@ForAll("csvFiles") String file, @ForAll @IntRange(min = 0, max = 10_000) int row,
                               @ForAll @IntRange(min = 0, max = 100) int column, @ForAll("hostile") String value) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve(file)));
        int first = lines.get(0).startsWith("#") ? 1 : 0;   // the header may be hit too: a missing column
        int i = first + row % (lines.size() - first);
        List<String> cells = new ArrayList<>(List.of(lines.get(i).split(",", -1)));
        cells.set(column % cells.size(), value);
        lines.set(i, String.join(",", cells));
        withFile(file, (String.join("\n", lines) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Property(tries = 40)
    void duplicatedOrDroppedRows(@ForAll("csvFiles") String file, @ForAll @IntRange(min = 0, max = 10_000) int row, @ForAll boolean drop) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve(file)));
        int i = row % lines.size();
        if (drop) lines.remove(i); else lines.add(i, lines.get(i));
        withFile(file, (String.join("\n", lines) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> files() { return Arbitraries.of(FILES); }

    @Provide
    Arbitrary<String> csvFiles() { return Arbitraries.of(FILES.stream().filter(f -> f.endsWith(".csv")).toList()); }

    @Provide
    Arbitrary<String> hostile() {
        return Arbitraries.oneOf(
                Arbitraries.of("", "NaN", "Infinity", "-Infinity", "-1", "0", "1e308", "1e999", "-0", "99999999999999999999",
                        "0x10", "1d", "1_000", "true", "\"", "\"\"", "AF99", "AF01", "R01", "UN_FOOD", "CEREALS", "BC_TORKHAM",
                        "5-2", "0-99999", "1-2;;3-4", "a;b", "#", " ", "x".repeat(300), "é", "\u0000"),
                Arbitraries.strings().ofMaxLength(12));
    }
}
