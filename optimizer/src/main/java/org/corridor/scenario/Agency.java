package org.corridor.scenario;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * An aid agency that moves goods through its own channel. Illustrative in the bundled scenario.
 *
 * @param id                   stable id, e.g. {@code WFP}
 * @param name                 display name
 * @param type                 UN agency, international NGO, national NGO or Red Cross/Red Crescent
 * @param womenStaffProvinces  provinces where the agency can field women staff (sorted)
 * @param fleet                the agency's vehicles by type and base
 */
public record Agency(String id, String name, Type type, Set<String> womenStaffProvinces, List<Vehicle> fleet) {

    public enum Type { UN, INGO, NNGO, RCRC }

    public Agency {
        Checks.id("agency id", id);
        Objects.requireNonNull(type, "type of agency " + id + " is required");
        name = name == null || name.isBlank() ? id : name;
        womenStaffProvinces = womenStaffProvinces == null ? Set.of() : java.util.Collections.unmodifiableSortedSet(new TreeSet<>(womenStaffProvinces));
        fleet = fleet == null ? List.of() : List.copyOf(fleet);
    }

    public boolean fieldsWomenStaffIn(String province) { return womenStaffProvinces.contains(province); }

    /** Total trucks over all vehicle types and bases. */
    public int truckCount() { return fleet.stream().mapToInt(Vehicle::count).sum(); }

    /**
     * A group of identical vehicles of one agency at one base.
     *
     * @param type          vehicle type id, e.g. {@code TRUCK_10T}
     * @param payloadTonnes tonnes one vehicle carries
     * @param count         number of vehicles
     * @param base          location id where they are based
     */
    public record Vehicle(String type, double payloadTonnes, int count, String base) {
        public Vehicle {
            Checks.id("vehicle type", type);
            Checks.positive("payload of " + type, payloadTonnes);
            if (count < 0) throw new IllegalArgumentException("count of " + type + " must be >= 0");
            Checks.id("base of " + type, base);
        }
    }
}
