package org.corridor.api;

/** The hostile analysis-request properties against the Postgres test service (named *Test so that surefire runs it in mvn verify). */
class PostgresHostileAnalysisPropertiesTest extends HostileAnalysisProperties {
    @Override Class<?> service() { return PostgresServiceTest.class; }
}
