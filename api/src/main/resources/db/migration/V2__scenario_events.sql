-- Change events (issue 5): per scenario, each organisation's append-only history of recorded
-- changes (rules added, lifted or modified, roads, stocks, needs), and which prefix of that history
-- each plan version was made for. A scenario version is the scenario plus the first n events of its
-- organisation's history; the service only ever inserts here, never updates or deletes.
-- Histories are per organisation so that one agency's records never change the picture another
-- agency plans with on a shared scenario. Portable SQL (PostgreSQL, and H2 in PostgreSQL mode).

CREATE TABLE scenario_event (
    scenario_id   VARCHAR(64)  NOT NULL REFERENCES scenario (id),
    organisation  VARCHAR(64)  NOT NULL,
    seq           INTEGER      NOT NULL,   -- 1, 2, ... within (scenario, organisation): the order events apply in
    event_id      VARCHAR(64)  NOT NULL,
    event_type    VARCHAR(16)  NOT NULL,
    recorded_by   VARCHAR(64)  NOT NULL,   -- the authenticated caller; equals the event's provenance "who"
    source        VARCHAR(500) NOT NULL,   -- provenance: on whose word
    reliability   VARCHAR(1)   NOT NULL,   -- provenance: A, B, C or E
    as_of         TIMESTAMP WITH TIME ZONE NOT NULL,
    plan_id       VARCHAR(64)  NOT NULL REFERENCES plan (id),   -- the plan it was posted to for a re-solve
    recorded_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    body          TEXT         NOT NULL,   -- the event as canonical events JSON (org.corridor.resolve.EventsJson)
    PRIMARY KEY (scenario_id, organisation, seq),
    CONSTRAINT scenario_event_id_unique UNIQUE (scenario_id, organisation, event_id)
);

-- How many events of the plan organisation's history on its scenario this version was made with
-- (0 = the scenario as uploaded or bundled).
ALTER TABLE plan_version ADD COLUMN scenario_events INTEGER DEFAULT 0 NOT NULL;

-- SOLVE (POST /solves) or RESOLVE (POST /plans/{id}/events).
ALTER TABLE job ADD COLUMN kind VARCHAR(16) DEFAULT 'SOLVE' NOT NULL;
