package org.corridor.api;

/** The hostile-request properties against the PostgreSQL test service. */
class PostgresHostileRequestProperties extends HostileRequestProperties {
    @Override Class<?> service() { return PostgresServiceTest.class; }
}
