package org.corridor.access;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.corridor.scenario.DayWindow;

/**
 * A restriction set by the de-facto authorities (or by the terrain), as the Logistics Cluster tags
 * access: a closed road or crossing, an area denied, a permit, a women-staff bar, a convoy cap, a
 * restricted commodity, an imposed escort, or a risk override. Rules are data: planners add, lift
 * and change them; the solver reads them through {@link org.corridor.network} views.
 *
 * <p>Every rule carries where it comes from ({@link Provenance}) and the scenario days it is in
 * force ({@link DayWindow}). "Area" is a province P-code throughout.
 */
public sealed interface AccessRule {

    /** Stable id of the rule, e.g. {@code R-TORKHAM-CLOSED}. */
    String id();

    Provenance provenance();

    /** Scenario days on which the rule is in force. */
    DayWindow validity();

    /** One line a negotiator can read, without coordinates. */
    String describe();

    /**
     * Java 17 has no pattern switch, so the visitor is how code over every rule type stays checked by
     * the compiler: adding a rule type breaks every visitor until it handles the new type.
     */
    <R> R accept(Visitor<R> v);

    /** One method per rule type. */
    interface Visitor<R> {
        R roadClosed(RoadClosed r);
        R entryPointClosed(EntryPointClosed r);
        R areaDenied(AreaDenied r);
        R permitRequired(PermitRequired r);
        R womenStaffBarred(WomenStaffBarred r);
        R convoySizeLimit(ConvoySizeLimit r);
        R commodityRestricted(CommodityRestricted r);
        R escortImposed(EscortImposed r);
        R riskOverride(RiskOverride r);
    }

    /** Who reported a rule, how reliable they are, and as of when. */
    record Provenance(String source, Reliability reliability, LocalDate asOf) {
        public Provenance {
            if (source == null || source.isBlank()) throw new IllegalArgumentException("provenance source is required");
            Objects.requireNonNull(reliability, "provenance reliability is required (A, B, C or E)");
            Objects.requireNonNull(asOf, "provenance as-of date is required");
        }
    }

    /** A official/primary, B reputable secondary, C single weak source, E estimated by rule. */
    enum Reliability { A, B, C, E }

    /** The road cannot be used in either direction. */
    record RoadClosed(String id, String road, Provenance provenance, DayWindow validity) implements AccessRule {
        public RoadClosed { Ids.check(id, road, "road"); }
        public String describe() { return "road " + road + " closed"; }
        public <R> R accept(Visitor<R> v) { return v.roadClosed(this); }
    }

    /** A border crossing or airport lets nothing through. */
    record EntryPointClosed(String id, String entryPoint, Provenance provenance, DayWindow validity) implements AccessRule {
        public EntryPointClosed { Ids.check(id, entryPoint, "entry point"); }
        public String describe() { return "entry point " + entryPoint + " closed"; }
        public <R> R accept(Visitor<R> v) { return v.entryPointClosed(this); }
    }

    /** An agency (or, with {@code agency == null}, every agency) may not enter the province. */
    record AreaDenied(String id, String province, String agency, Provenance provenance, DayWindow validity) implements AccessRule {
        public AreaDenied { Ids.check(id, province, "province"); }
        public String describe() { return (agency == null ? "all agencies" : agency) + " denied " + province; }
        public <R> R accept(Visitor<R> v) { return v.areaDenied(this); }
    }

    /** Entering the province needs a permit: a delay in days and an added diversion risk per road. */
    record PermitRequired(String id, String province, String agency, int delayDays, double addedRisk,
                          Provenance provenance, DayWindow validity) implements AccessRule {
        public PermitRequired {
            Ids.check(id, province, "province");
            if (delayDays < 0) throw new IllegalArgumentException("permit delay of " + id + " must be >= 0 days");
            Ids.risk(id, addedRisk);
        }
        public String describe() { return "permit required for " + (agency == null ? "all agencies" : agency) + " in " + province; }
        public <R> R accept(Visitor<R> v) { return v.permitRequired(this); }
    }

    /**
     * Women staff may not work in the province: commodities that need women staff can be distributed
     * there only by the listed exempt agencies (which must also field women staff there).
     */
    record WomenStaffBarred(String id, String province, Set<String> exemptAgencies, Provenance provenance, DayWindow validity) implements AccessRule {
        public WomenStaffBarred {
            Ids.check(id, province, "province");
            exemptAgencies = exemptAgencies == null ? Set.of() : java.util.Collections.unmodifiableSortedSet(new TreeSet<>(exemptAgencies));
        }
        public String describe() { return "women staff barred in " + province; }
        public <R> R accept(Visitor<R> v) { return v.womenStaffBarred(this); }
    }

    /** Convoys travelling in the province may have at most {@code maxTrucks} trucks (one convoy per road per day). */
    record ConvoySizeLimit(String id, String province, int maxTrucks, Provenance provenance, DayWindow validity) implements AccessRule {
        public ConvoySizeLimit {
            Ids.check(id, province, "province");
            if (maxTrucks < 1) throw new IllegalArgumentException("convoy limit of " + id + " must be >= 1 truck");
        }
        public String describe() { return "convoys limited to " + maxTrucks + " trucks in " + province; }
        public <R> R accept(Visitor<R> v) { return v.convoySizeLimit(this); }
    }

    /** The commodity may not be brought into the province. */
    record CommodityRestricted(String id, String province, String commodity, Provenance provenance, DayWindow validity) implements AccessRule {
        public CommodityRestricted { Ids.check(id, province, "province"); Ids.check(id, commodity, "commodity"); }
        public String describe() { return commodity + " restricted in " + province; }
        public <R> R accept(Visitor<R> v) { return v.commodityRestricted(this); }
    }

    /** An escort is imposed on the road: added diversion risk and added hours. */
    record EscortImposed(String id, String road, double addedRisk, double addedHours, Provenance provenance, DayWindow validity) implements AccessRule {
        public EscortImposed {
            Ids.check(id, road, "road");
            Ids.risk(id, addedRisk);
            if (!(addedHours >= 0)) throw new IllegalArgumentException("escort hours of " + id + " must be >= 0");
        }
        public String describe() { return "escort imposed on road " + road; }
        public <R> R accept(Visitor<R> v) { return v.escortImposed(this); }
    }

    /**
     * The diversion risk of a road (when {@code road} is set) or of every road touching a province
     * (when {@code province} is set) is replaced by {@code risk}. Exactly one target is set.
     */
    record RiskOverride(String id, String road, String province, double risk, Provenance provenance, DayWindow validity) implements AccessRule {
        public RiskOverride {
            if ((road == null) == (province == null)) throw new IllegalArgumentException("risk override " + id + " must name exactly one of road or province");
            Ids.check(id, road != null ? road : province, road != null ? "road" : "province");
            Ids.risk(id, risk);
        }
        public String describe() { return "risk set to " + risk + " on " + (road != null ? "road " + road : "roads of " + province); }
        public <R> R accept(Visitor<R> v) { return v.riskOverride(this); }
    }

    /** Checks shared by the rule records. */
    final class Ids {
        private Ids() {}
        static void check(String id, String target, String what) {
            if (id == null || id.isBlank()) throw new IllegalArgumentException("rule id is required");
            if (!id.matches("[A-Za-z0-9_.:-]{1,64}")) throw new IllegalArgumentException("rule id must be 1-64 letters, digits or _.:-");
            if (target == null || target.isBlank()) throw new IllegalArgumentException(what + " of rule " + id + " is required");
        }
        static void risk(String id, double r) {
            if (!(r >= 0 && r < 1)) throw new IllegalArgumentException("risk of rule " + id + " must be in [0, 1)");
        }
    }
}
