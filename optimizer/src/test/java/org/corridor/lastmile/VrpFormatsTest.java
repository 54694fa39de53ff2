package org.corridor.lastmile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VrpFormatsTest {

    @Test
    void readsAugeratA32k5() {
        // File: DIMENSION 32, CAPACITY 100, depot node 1 at (82,76), node 2 at (96,44).
        RoutingProblem p = VrpFormats.readCvrplib(BenchInstances.cvrp("A-n32-k5"));
        assertThat(p.name()).isEqualTo("A-n32-k5");
        assertThat(p.nodeCount()).isEqualTo(32);
        assertThat(p.vehicles()).allSatisfy(v -> assertThat(v.capacity()).isEqualTo(100));
        // nint(hypot(14, 32)) = nint(34.93) = 35
        assertThat(p.distance(0, 1)).isEqualTo(35);
        assertThat(p.stops().stream().mapToLong(RoutingProblem.Stop::demand).sum()).isEqualTo(410);
        // L = ceil(410 / 100) = 5 and 5 + max(2, ceil(5 / 5)) = 7 vehicles offered
        assertThat(p.vehicles()).hasSize(7);
        assertThat(p.stops()).allSatisfy(s -> assertThat(s.dropPenalty()).isGreaterThan(31 * 100));
    }

    @ParameterizedTest
    @ValueSource(strings = {"P-n101-k4", "X-n101-k25", "X-n200-k36"})
    void readsEveryBundledCvrplibInstance(String name) {
        RoutingProblem p = VrpFormats.readCvrplib(BenchInstances.cvrp(name));
        int dimension = Integer.parseInt(name.replaceAll(".*-n(\\d+)-.*", "$1"));
        int k = Integer.parseInt(name.replaceAll(".*-k(\\d+)", "$1"));
        assertThat(p.nodeCount()).isEqualTo(dimension);
        assertThat(p.vehicles().size()).isGreaterThan(k);
    }

    @Test
    void readsSolomonC101InTenths() {
        // VEHICLE 25 x 200; customer 1 at (45,68), demand 10, window [912, 967], service 90; depot (40,50) due 1236.
        RoutingProblem p = VrpFormats.readSolomon(BenchInstances.solomon("C101"));
        assertThat(p.name()).isEqualTo("C101");
        assertThat(p.stops()).hasSize(100);
        assertThat(p.vehicles()).hasSize(25).allSatisfy(v -> assertThat(v.capacity()).isEqualTo(200));
        RoutingProblem.Stop c1 = p.stopAt(1);
        assertThat(c1.demand()).isEqualTo(10);
        assertThat(c1.earliest()).isEqualTo(9120);
        assertThat(c1.latest()).isEqualTo(9670);
        assertThat(c1.serviceTime()).isEqualTo(900);
        assertThat(p.horizon()).isEqualTo(12360);
        // hypot(5, 18) = 18.68..., truncated to 18.6 -> 186 tenths
        assertThat(p.distance(0, 1)).isEqualTo(186);
        assertThat(p.travelTime(0, 1)).isEqualTo(186);
    }

    @ParameterizedTest
    @ValueSource(strings = {"C201", "R101", "R201", "RC101", "RC201"})
    void readsEveryBundledSolomonInstance(String name) {
        RoutingProblem p = VrpFormats.readSolomon(BenchInstances.solomon(name));
        assertThat(p.stops()).hasSize(100);
        assertThat(p.stops()).allSatisfy(s -> assertThat(s.latest()).isLessThanOrEqualTo(p.horizon()));
    }

    @Test
    void rejectsAFileThatIsNotAnInstance(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("x.vrp"), "NAME : x\nEDGE_WEIGHT_TYPE : GEO\n");
        assertThatThrownBy(() -> VrpFormats.readCvrplib(f)).hasMessageContaining("EUC_2D");
        Path g = Files.writeString(dir.resolve("y.txt"), "Y\n\nnothing here\n");
        assertThatThrownBy(() -> VrpFormats.readSolomon(g)).hasMessageContaining("not a Solomon instance");
    }

    /** Differential check of the integer truncation against a 30-digit square root. */
    @Property
    void truncatedTenthsIsTheFloorOfTenTimesTheEuclideanDistance(@ForAll @IntRange(min = -1000, max = 1000) int dx,
                                                                 @ForAll @IntRange(min = -1000, max = 1000) int dy) {
        BigDecimal exact = new BigDecimal(100L * ((long) dx * dx + (long) dy * dy)).sqrt(new MathContext(30));
        assertThat(VrpFormats.truncatedTenths(dx, dy)).isEqualTo(exact.setScale(0, RoundingMode.FLOOR).longValueExact());
    }
}
