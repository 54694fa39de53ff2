package org.corridor.scenario;

/**
 * Tonnes of one commodity that one agency holds at one location from a given day.
 */
public record Stock(String agency, String location, String commodity, double tonnes, int availableFromDay) {
    public Stock {
        Checks.id("stock agency", agency);
        Checks.id("stock location", location);
        Checks.id("stock commodity", commodity);
        Checks.nonNegative("stock tonnes", tonnes);
        Checks.day("stock available-from day", availableFromDay);
    }
}
