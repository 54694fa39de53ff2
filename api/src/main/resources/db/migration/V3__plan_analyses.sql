-- Analyses of plan versions (issue 6): explanations (why needs go unmet, value of access), the
-- value of access alone, and risk frontiers. Each is computed by a job (EXPLAIN, VALUE_OF_ACCESS,
-- FRONTIER) from the version's scenario version and options, and stored beside the version as the
-- optimizer wrote it; rows are only ever inserted, and reads take the newest of a kind.
-- Portable SQL (PostgreSQL, and H2 in PostgreSQL mode).

CREATE TABLE plan_analysis (
    job_id      VARCHAR(64) PRIMARY KEY REFERENCES job (id),
    plan_id     VARCHAR(64) NOT NULL,
    version     INTEGER     NOT NULL,
    kind        VARCHAR(16) NOT NULL,      -- EXPLAIN, VALUE_OF_ACCESS or FRONTIER
    created_by  VARCHAR(64) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    body        TEXT        NOT NULL,      -- explain.schema.json (EXPLAIN, VALUE_OF_ACCESS) or frontier.schema.json
    FOREIGN KEY (plan_id, version) REFERENCES plan_version (plan_id, version)
);
CREATE INDEX plan_analysis_version ON plan_analysis (plan_id, version, kind, created_at);
