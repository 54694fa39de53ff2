package org.corridor.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.corridor.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of broken file gives precisely located problems, all of them at once. */
class ScenarioLoaderTest {

    @TempDir Path dir;

    /** A fresh copy of the bundled scenario to break. */
    static Path copyOfAfghanistan(Path into) {
        try (Stream<Path> files = Files.list(TestData.afghanistan())) {
            for (Path f : files.toList()) Files.copy(f, into.resolve(f.getFileName()));
            return into;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the first occurrence of {@code from} in a file with {@code to}; fails when absent. */
    static void edit(Path dir, String file, String from, String to) {
        try {
            String s = Files.readString(dir.resolve(file));
            assertThat(s).as(file).contains(from);
            Files.writeString(dir.resolve(file), s.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Problem> problems(Path dir) {
        return catchThrowableOfType(ScenarioException.class, () -> ScenarioLoader.load(dir)).problems();
    }

    @Test
    void everyBadNumberInOneFileIsReportedWithLineAndColumn() {
        copyOfAfghanistan(dir);
        // R01 is on line 3 (comment, header, R01); R02 on line 4; R03 on line 5
        edit(dir, "roads.csv", "R01,AF01,AF04,35,", "R01,AF01,AF04,abc,");
        edit(dir, "roads.csv", ",1.0,3000,0.0020,1,", ",1.0,3000,NaN,1,");
        edit(dir, "roads.csv", "R03,AF11,AF26,215,", "R03,AF11,AF26,-215,");
        assertThat(problems(dir)).extracting(Problem::file, Problem::line, Problem::field).containsExactlyInAnyOrder(
                tuple("roads.csv", 3, "km"), tuple("roads.csv", 3, "base_risk"), tuple("roads.csv", 5, "km"));
    }

    @Test
    void infinityHugeAndOutOfRangeValuesAreRejected() {
        copyOfAfghanistan(dir);
        edit(dir, "needs.csv", "AF01,CEREALS,23992.2,3,29,", "AF01,CEREALS,Infinity,3,29,");
        edit(dir, "needs.csv", "AF01,NUTRITION,882.9,", "AF01,NUTRITION,1e999,");
        edit(dir, "commodities.csv", "CEREALS,Cereals (wheat flour),2,", "CEREALS,Cereals (wheat flour),12,");
        List<Problem> p = problems(dir);
        assertThat(p).extracting(Problem::file, Problem::line, Problem::field).containsExactlyInAnyOrder(
                tuple("needs.csv", 3, "tonnes"), tuple("needs.csv", 4, "tonnes"), tuple("commodities.csv", 3, "priority"));
        assertThat(p).extracting(Problem::message).containsExactly("priority must be in [1, 9] (got 12)", "tonnes must be a decimal number (got 'Infinity')",
                "tonnes must be in [0, 1000000000] (got 1e999)");
    }

    @Test
    void missingColumnIsReportedOnTheHeaderLine() {
        copyOfAfghanistan(dir);
        edit(dir, "needs.csv", "location,commodity,tonnes,phase,latest_day,people", "location,commodity,tonnes,latest_day,people");
        assertThat(problems(dir)).extracting(Problem::file, Problem::line, Problem::field, Problem::message)
                .containsExactly(tuple("needs.csv", 2, "phase", "missing column phase"));
    }

    @Test
    void unknownReferencesAreAllReportedWithTheirLines() {
        copyOfAfghanistan(dir);
        edit(dir, "stocks.csv", "UN_FOOD,BC_TORKHAM,CEREALS,", "UN_FOOX,BC_TORKHAM,CEREALS,");
        edit(dir, "needs.csv", "AF01,NUTRITION,", "AF01,NUTRITIOM,");
        edit(dir, "fleet.csv", "UN_FOOD,TRUCK_20T,20,22,AF01", "UN_FOOD,TRUCK_20T,20,22,AF99");
        edit(dir, "rules.json", "\"road\" : \"R27\"", "\"road\" : \"R99\"");
        assertThat(problems(dir)).extracting(Problem::file, Problem::line, Problem::field).containsExactlyInAnyOrder(
                tuple("stocks.csv", 3, "agency"), tuple("needs.csv", 4, "commodity"), tuple("fleet.csv", 3, "base"),
                tuple("rules.json", 1, "/0/road"));
    }

    @Test
    void duplicatesAreReportedAtTheSecondOccurrence() {
        copyOfAfghanistan(dir);
        edit(dir, "roads.csv", "R02,AF04,AF11,", "R01,AF04,AF11,");
        edit(dir, "needs.csv", "AF01,NUTRITION,", "AF01,CEREALS,");
        edit(dir, "agencies.csv", "UN_CHILD,", "UN_FOOD,");
        assertThat(problems(dir)).extracting(Problem::file, Problem::line, Problem::field).contains(
                tuple("roads.csv", 4, "id"), tuple("needs.csv", 4, ""), tuple("agencies.csv", 4, "id"));
    }

    @Test
    void needLocationCutOffFromEveryStockIsReported() throws IOException {
        copyOfAfghanistan(dir);
        // R31 Asadabad-Parun is the only road into Nuristan (AF16)
        Path roads = dir.resolve("roads.csv");
        Files.write(roads, Files.readAllLines(roads).stream().filter(l -> !l.startsWith("R31,")).toList());
        assertThat(problems(dir)).extracting(Problem::file, Problem::field, Problem::message)
                .containsExactly(tuple("needs.csv", "location", "need location AF16 is not connected by any road to a stock location"));
    }

    @Test
    void entryPointOnNoRoadIsReported() throws IOException {
        copyOfAfghanistan(dir);
        Path roads = dir.resolve("roads.csv");
        Files.write(roads, Files.readAllLines(roads).stream().filter(l -> !l.contains(",BC_ISHKASHIM,")).toList());
        assertThat(problems(dir)).extracting(Problem::file, Problem::line, Problem::field, Problem::message)
                .containsExactly(tuple("entry_points.csv", 12, "id", "entry point BC_ISHKASHIM is not on any road"));
    }

    @Test
    void missingFileAndBrokenQuotesAreReportedTogether() throws IOException {
        copyOfAfghanistan(dir);
        Files.delete(dir.resolve("fleet.csv"));
        edit(dir, "commodities.csv", "CEREALS,Cereals", "CEREALS,\"Cereals");
        assertThat(problems(dir)).extracting(Problem::file, Problem::message).contains(
                tuple("fleet.csv", "file is missing"), tuple("commodities.csv", "not valid CSV (check quotes)"));
    }

    @Test
    void badRulesAreLocatedByJsonPointer() {
        copyOfAfghanistan(dir);
        edit(dir, "rules.json", "\"toDay\" : 60", "\"toDay\" : -1");
        edit(dir, "rules.json", "\"reliability\" : \"C\"", "\"reliability\" : \"Z\"");
        assertThat(problems(dir)).extracting(Problem::file, Problem::field).containsExactlyInAnyOrder(
                tuple("rules.json", "/1/validity/toDay"), tuple("rules.json", "/2/provenance/reliability"));
    }

    @Test
    void aBrokenRowDoesNotCascadeIntoUnknownReferences() {
        copyOfAfghanistan(dir);
        // the agency row is unreadable, but its id is declared: stocks and fleet naming it are not reported again
        edit(dir, "agencies.csv", "UN_FOOD,UN food agency (illustrative),UN,", "UN_FOOD,UN food agency (illustrative),XX,");
        assertThat(problems(dir)).extracting(Problem::file, Problem::line, Problem::field).containsExactly(tuple("agencies.csv", 3, "type"));
    }

    @Test
    void coordinatesAreNeverEchoedInMessages() {
        copyOfAfghanistan(dir);
        edit(dir, "provinces.csv", "34.52813,69.17233", "134.52813,69.17233");
        List<Problem> p = problems(dir);
        assertThat(p).extracting(Problem::file, Problem::line, Problem::field).containsExactly(tuple("provinces.csv", 2, "lat"));
        assertThat(p.get(0).toString()).doesNotContain("134.5").doesNotContain("69.17");
    }

    @Test
    void explicitRulesFileReplacesTheFolderRules() throws IOException {
        copyOfAfghanistan(dir);
        Path rules = dir.resolve("none.json");
        Files.writeString(rules, "[]");
        assertThat(ScenarioLoader.load(dir, rules).rules()).isEmpty();
        assertThat(ScenarioLoader.load(dir, null).rules()).isEmpty();
        assertThat(ScenarioLoader.load(dir).rules()).hasSize(14);
        Files.writeString(rules, """
                [ {"type": "RoadClosed", "id": "x", "road": "R99",
                   "provenance": {"source": "s", "reliability": "B", "asOf": "2026-11-01"}} ]""");
        assertThat(catchThrowableOfType(ScenarioException.class, () -> ScenarioLoader.load(dir, rules)).problems())
                .extracting(Problem::file, Problem::line, Problem::field).containsExactly(tuple("none.json", 1, "/0/road"));
    }

    @Test
    void missingFolderIsAProblemNotAnException() {
        assertThat(catchThrowableOfType(ScenarioException.class, () -> ScenarioLoader.load(dir.resolve("nope"))).problems())
                .extracting(Problem::message).containsExactly("scenario folder is missing");
    }

    @Test
    void placesFileAddsDistrictsAndItsProblemsAreLocatedToo() throws IOException {
        copyOfAfghanistan(dir);
        Files.writeString(dir.resolve("places.csv"), """
                # SYNTHETIC test places
                id,name,kind,province_pcode,lat,lon,population
                AF0101,District 1,DISTRICT_CENTRE,AF01,34.6,69.2,1000
                AF0102,District 2,VILLAGE,AF01,34.6,69.2,1000
                AF9901,District 3,DISTRICT_CENTRE,AF99,34.6,69.2,1000
                """);
        assertThat(problems(dir)).extracting(Problem::file, Problem::line, Problem::field).containsExactly(
                tuple("places.csv", 4, "kind"), tuple("places.csv", 5, "province_pcode"));
        Files.delete(dir.resolve("places.csv"));
        edit(dir, "entry_points.csv", "BC_TORKHAM,Torkham,border_crossing,", "BC_TORKHAM,Torkham,ferry,");
        assertThat(problems(dir)).extracting(Problem::file, Problem::line, Problem::field).containsExactly(tuple("entry_points.csv", 2, "type"));
    }

    @Test
    void entryPointsTakeTheirProvincesRegion() {
        Scenario s = ScenarioLoader.load(TestData.afghanistan());
        assertThat(s.locationsById().get("BC_TORKHAM").region()).isEqualTo("Eastern");
        assertThat(s.locationsById().get("AP_KBL").region()).isEqualTo("Central");
    }

    @Test
    void linesStayRightAfterCommentsAndQuotedLineBreaks() throws IOException {
        copyOfAfghanistan(dir);
        // comment, header, a record spanning lines 3-4, a comment on line 5, then the bad record on line 6
        Files.writeString(dir.resolve("commodities.csv"), """
                # ILLUSTRATIVE test
                id,name,priority,needs_women_staff,shelf_life_days,cold_chain
                CEREALS,"Cereals
                (wheat flour)",2,false,365,false
                # a comment between records
                NUTRITION,Nutrition,0,true,730,false
                HEALTH_KITS,Health,1,false,730,false
                HYGIENE_KITS,Hygiene,3,true,0,false
                WINTER_KITS,Winter,2,false,0,false
                """);
        assertThat(problems(dir)).extracting(Problem::file, Problem::line, Problem::field).containsExactly(tuple("commodities.csv", 6, "priority"));
    }
}
