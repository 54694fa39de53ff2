package org.corridor.scenario;

import java.util.Objects;

/**
 * A place goods start from, pass through or are needed at. Province centres carry the OCHA P-code of
 * their province (AF01), districts theirs (AF0101); entry points and warehouses have stable ids.
 *
 * @param id         unique id (P-code where one exists)
 * @param name       display name
 * @param kind       what the place is
 * @param province   P-code of the province the place lies in (a province centre names itself)
 * @param region     OCHA region, used for reporting diversion by region
 * @param lat        WGS84 latitude in degrees
 * @param lon        WGS84 longitude in degrees
 * @param population people living there (0 for entry points and warehouses)
 */
public record Location(String id, String name, Kind kind, String province, String region,
                       double lat, double lon, long population) {

    /** What a location is; decides which rules and stocks may refer to it. */
    public enum Kind { PROVINCE_CENTRE, DISTRICT_CENTRE, BORDER_CROSSING, AIRPORT, WAREHOUSE;
        /** Entry points are where international stock enters; they can be closed by rule. */
        public boolean isEntryPoint() { return this == BORDER_CROSSING || this == AIRPORT; }
    }

    public Location {
        Checks.id("location id", id);
        Objects.requireNonNull(kind, "location kind is required");
        Checks.id("province of " + id, province);
        name = name == null || name.isBlank() ? id : name;
        region = region == null ? "" : region;
        if (!(lat >= -90 && lat <= 90)) throw new IllegalArgumentException("latitude of " + id + " must be in [-90, 90]");
        if (!(lon >= -180 && lon <= 180)) throw new IllegalArgumentException("longitude of " + id + " must be in [-180, 180]");
        if (population < 0) throw new IllegalArgumentException("population of " + id + " must be non-negative");
    }
}
