package org.corridor.allocation;

import java.util.List;
import org.corridor.network.CompiledNetwork.Arc;

/**
 * One column of the LP: cargo of one stock lot sent along one explicit path to one need.
 *
 * @param lot           index of the stock lot the cargo comes from
 * @param need          index of the need it goes to
 * @param agency        agency id
 * @param commodity     commodity id
 * @param origin        stock location
 * @param destination   need location
 * @param arcs          roads in driving order (empty when stock already lies at the need)
 * @param entering      entering[k] = prod_{j<k} (1 - p_j): share of dispatched cargo entering leg k
 * @param keep          prod_k (1 - p_k): share of dispatched cargo delivered
 * @param km            route length
 * @param hours         driving hours
 * @param readyDay      day the stock lot becomes available
 * @param departureDay  earliest day the cargo can leave (stock ready, permits, blocking windows)
 * @param arrivalDay    departure + ceil(hours / 8)
 * @param roundTripDays truck-days one truck spends per trip: 2 x travel days (at least 1 when it drives)
 */
record Candidate(int lot, int need, String agency, String commodity, String origin, String destination, List<Arc> arcs,
                 double[] entering, double keep, double km, double hours, int readyDay, int departureDay, int arrivalDay, int roundTripDays) {

    /** Share of dispatched cargo expected to be diverted on the way: 1 - prod (1 - p_k). */
    double lossShare() { return 1 - keep; }

    /** Route risk, the same as {@link #lossShare()}: the per-route risk cap bounds it. */
    double risk() { return 1 - keep; }

    /** Stable text key, used for reduced costs and deterministic ordering. */
    String key() {
        StringBuilder b = new StringBuilder(agency).append('|').append(commodity).append('|').append(origin)
                .append('|').append(destination).append('|').append(readyDay).append('|');
        for (int i = 0; i < arcs.size(); i++) b.append(i == 0 ? "" : ",").append(arcs.get(i).road());
        return b.toString();
    }

    /** The same column drawing on stock lot index {@code lot} (the same lot in another version's indexing). */
    Candidate withLot(int lot) {
        return new Candidate(lot, need, agency, commodity, origin, destination, arcs, entering, keep, km, hours, readyDay, departureDay,
                arrivalDay, roundTripDays);
    }

    /** This candidate driving {@code arcs}, equal to its own (another view's objects for the same roads). */
    Candidate withArcs(List<Arc> arcs) {
        return new Candidate(lot, need, agency, commodity, origin, destination, arcs, entering, keep, km, hours, readyDay, departureDay,
                arrivalDay, roundTripDays);
    }
}
