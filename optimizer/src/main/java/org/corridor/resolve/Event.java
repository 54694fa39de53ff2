package org.corridor.resolve;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;
import org.corridor.access.AccessRule;

/**
 * One recorded change to a scenario: an access rule added, lifted or replaced, a road's risk or
 * capacity changed, a stock's or a need's tonnes changed. Events are immutable values; a scenario
 * version is its base plus an ordered list of them ({@link EventLog#apply}).
 *
 * <p>Java 17 has no pattern switch, so code over every event type goes through {@link Visitor}:
 * adding an event type breaks every visitor until it handles it.
 */
public sealed interface Event {
    /** Stable id of the event, e.g. {@code E-2026-11-28-01}. */
    String id();

    /** Who recorded the change, on whose word, how reliable, as of when. */
    Provenance provenance();

    <R> R accept(Visitor<R> v);

    /** One method per event type. */
    interface Visitor<R> {
        R ruleAdded(RuleAdded e);
        R ruleLifted(RuleLifted e);
        R ruleModified(RuleModified e);
        R roadChanged(RoadChanged e);
        R stockChanged(StockChanged e);
        R needChanged(NeedChanged e);
    }

    /**
     * Where a change comes from.
     *
     * @param who         the person (or system) who recorded it
     * @param source      whose report it rests on (a cluster bulletin, a field call)
     * @param reliability A official/primary, B reputable secondary, C single weak source, E estimated
     * @param asOf        when the reported change took effect (or was reported), UTC
     */
    record Provenance(String who, String source, AccessRule.Reliability reliability, Instant asOf) {
        public Provenance {
            if (who == null || who.isBlank()) throw new IllegalArgumentException("provenance who is required (the person recording the change)");
            if (source == null || source.isBlank()) throw new IllegalArgumentException("provenance source is required");
            Objects.requireNonNull(reliability, "provenance reliability is required (A, B, C or E)");
            Objects.requireNonNull(asOf, "provenance asOf is required (an ISO-8601 instant such as 2026-11-28T06:00:00Z)");
        }
    }

    /** A new access rule comes into force; its id must not be in use. */
    record RuleAdded(String id, Provenance provenance, AccessRule rule) implements Event {
        public RuleAdded {
            checkId(id);
            Objects.requireNonNull(provenance, "provenance of event " + id + " is required");
            Objects.requireNonNull(rule, "rule of event " + id + " is required");
        }
        public <R> R accept(Visitor<R> v) { return v.ruleAdded(this); }
    }

    /** The access rule {@code ruleId} is lifted (removed). */
    record RuleLifted(String id, Provenance provenance, String ruleId) implements Event {
        public RuleLifted {
            checkId(id);
            Objects.requireNonNull(provenance, "provenance of event " + id + " is required");
            checkId(ruleId);
        }
        public <R> R accept(Visitor<R> v) { return v.ruleLifted(this); }
    }

    /** The access rule with the same id as {@code rule} is replaced by it. */
    record RuleModified(String id, Provenance provenance, AccessRule rule) implements Event {
        public RuleModified {
            checkId(id);
            Objects.requireNonNull(provenance, "provenance of event " + id + " is required");
            Objects.requireNonNull(rule, "rule of event " + id + " is required");
        }
        public <R> R accept(Visitor<R> v) { return v.ruleModified(this); }
    }

    /**
     * A road's base risk and/or capacity changes; a {@code null} field keeps its value.
     *
     * @param baseRisk    new expected diverted share per passage in [0, 1), or null
     * @param capacityTpd new tonnes per day per direction (>= 0), or null
     */
    record RoadChanged(String id, Provenance provenance, String road, Double baseRisk, Double capacityTpd) implements Event {
        public RoadChanged {
            checkId(id);
            Objects.requireNonNull(provenance, "provenance of event " + id + " is required");
            checkId(road);
            if (baseRisk == null && capacityTpd == null) throw new IllegalArgumentException("event " + id + " must change baseRisk or capacityTpd");
            if (baseRisk != null && !(baseRisk >= 0 && baseRisk < 1)) throw new IllegalArgumentException("baseRisk of event " + id + " must be in [0, 1)");
            if (capacityTpd != null && !(capacityTpd >= 0 && capacityTpd < 1e9)) throw new IllegalArgumentException("capacityTpd of event " + id + " must be in [0, 1e9)");
        }
        public <R> R accept(Visitor<R> v) { return v.roadChanged(this); }
    }

    /** The stock of {@code commodity} that {@code agency} holds at {@code location} from {@code availableFromDay} becomes {@code tonnes}. */
    record StockChanged(String id, Provenance provenance, String agency, String location, String commodity,
                        int availableFromDay, double tonnes) implements Event {
        public StockChanged {
            checkId(id);
            Objects.requireNonNull(provenance, "provenance of event " + id + " is required");
            checkId(agency);
            checkId(location);
            checkId(commodity);
            if (!(tonnes >= 0 && tonnes < 1e9)) throw new IllegalArgumentException("tonnes of event " + id + " must be in [0, 1e9)");
        }
        public <R> R accept(Visitor<R> v) { return v.stockChanged(this); }
    }

    /** The need for {@code commodity} at {@code location} becomes {@code tonnes}. */
    record NeedChanged(String id, Provenance provenance, String location, String commodity, double tonnes) implements Event {
        public NeedChanged {
            checkId(id);
            Objects.requireNonNull(provenance, "provenance of event " + id + " is required");
            checkId(location);
            checkId(commodity);
            if (!(tonnes >= 0 && tonnes < 1e9)) throw new IllegalArgumentException("tonnes of event " + id + " must be in [0, 1e9)");
        }
        public <R> R accept(Visitor<R> v) { return v.needChanged(this); }
    }

    /** Ids as in rules: 1-64 letters, digits or _.:- */
    Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private static void checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) throw new IllegalArgumentException("id must be 1-64 letters, digits or _.:- (got '"
                + (id == null ? "null" : id.length() > 64 ? id.substring(0, 64) + "..." : id) + "')");
    }
}
