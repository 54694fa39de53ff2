package org.corridor.scenario;

/**
 * A kind of relief item, planned in tonnes.
 *
 * @param id               stable id, e.g. {@code CEREALS}
 * @param name             display name
 * @param priority         1 = most urgent; breaks ties between equally severe needs
 * @param needsWomenStaff  distribution needs women staff (e.g. nutrition for women and children)
 * @param shelfLifeDays    days from availability until the item spoils; 0 = does not spoil
 * @param coldChain        whether it must travel cold
 */
public record Commodity(String id, String name, int priority, boolean needsWomenStaff, int shelfLifeDays, boolean coldChain) {
    public Commodity {
        Checks.id("commodity id", id);
        name = name == null || name.isBlank() ? id : name;
        if (priority < 1 || priority > 9) throw new IllegalArgumentException("priority of " + id + " must be 1..9");
        if (shelfLifeDays < 0) throw new IllegalArgumentException("shelf life of " + id + " must be >= 0");
    }
}
