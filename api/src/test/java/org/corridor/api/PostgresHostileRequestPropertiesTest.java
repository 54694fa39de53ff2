package org.corridor.api;

/** The hostile-request properties against the PostgreSQL test service. */
class PostgresHostileRequestPropertiesTest extends HostileRequestProperties {
    @Override Class<?> service() { return PostgresServiceTest.class; }
}
