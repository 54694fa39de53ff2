package org.corridor.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.corridor.plan.Plan;
import org.corridor.plan.Plan.Leg;
import org.corridor.plan.Plan.Route;

/** Properties of the verifier on the {@link HandPlan} scenario, with hostile and perturbed plans. */
class PlanVerifierPropertiesTest {

    /** Any tampering with one leg's tonnes out beyond round-off is caught, whichever leg it is. */
    @Property(tries = 200)
    void changingAnyLegsTonnesOutIsCaught(@ForAll @IntRange(min = 0, max = 4) int legIndex,
                                          @ForAll @DoubleRange(min = 0.001, max = 0.5) @Scale(4) double change,
                                          @ForAll boolean up) {
        List<Route> routes = new ArrayList<>(HandPlan.routes());
        int seen = 0;
        for (int r = 0; r < routes.size(); r++) {
            Route route = routes.get(r);
            for (int l = 0; l < route.legs().size(); l++, seen++) {
                if (seen != legIndex) continue;
                Leg leg = route.legs().get(l);
                List<Leg> legs = new ArrayList<>(route.legs());
                double out = leg.tonnesOut() * (up ? 1 + change : 1 - change);
                legs.set(l, new Leg(leg.road(), leg.from(), leg.to(), leg.km(), leg.hours(), leg.risk(), leg.tonnesIn(), out));
                routes.set(r, new Route(route.id(), route.agency(), route.commodity(), route.origin(), route.destination(), legs,
                        route.tonnesDispatched(), route.tonnesDelivered(), route.expectedDiversionTonnes(), route.departureDay(), route.arrivalDay()));
            }
        }
        Plan p = HandPlan.plan(routes, HandPlan.unmet(), HandPlan.kpis(), HandPlan.OPTIONS);
        assertThat(PlanVerifier.verify(HandPlan.scenario(), p)).extracting(Violation::code).contains(Violation.Code.LOSS_MISMATCH);
    }

    /** Plans made of arbitrary ids, tonnes (negative, NaN, infinite) and days never crash the verifier, and are never accepted. */
    @Property(tries = 300)
    void hostilePlansAreReportedNeverThrown(@ForAll("hostileRoutes") List<Route> routes) {
        Plan p = HandPlan.plan(routes, HandPlan.unmet(), HandPlan.kpis(), HandPlan.OPTIONS);
        List<Violation> found = PlanVerifier.verify(HandPlan.scenario(), p);
        assertThat(found).isNotEmpty();
        for (Violation v : found) assertThat(v.message()).isNotBlank();
    }

    @Provide
    Arbitrary<List<Route>> hostileRoutes() {
        Arbitrary<String> ids = Arbitraries.oneOf(Arbitraries.of("EP", "KAB", "B", "C", "R1", "R2", "R3", "AG1", "AG2", "FOOD", "NUT"),
                Arbitraries.strings().ofMaxLength(8));
        Arbitrary<Double> tonnes = Arbitraries.oneOf(Arbitraries.doubles().between(-10, 1000),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0, 0.0, 1e300));
        Arbitrary<Integer> days = Arbitraries.integers().between(-5, 400);
        Arbitrary<Leg> legs = Combinators.combine(ids, ids, ids, tonnes, tonnes, Arbitraries.doubles().between(-1, 2), tonnes, tonnes)
                .as((road, from, to, km, hours, risk, in, out) -> new Leg(road, from, to, km, hours, risk, in, out));
        Arbitrary<Route> routes = Combinators.combine(ids, ids, ids, ids, legs.list().ofMaxSize(4), tonnes, tonnes, days)
                .as((agency, commodity, origin, destination, ls, dispatched, delivered, day) ->
                        new Route("X", agency, commodity, origin, destination, ls, dispatched, delivered, 0, day, day + 1));
        return routes.list().ofMinSize(1).ofMaxSize(5);
    }
}
