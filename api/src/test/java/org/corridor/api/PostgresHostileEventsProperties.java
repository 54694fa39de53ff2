package org.corridor.api;

/** The hostile change-event properties against the PostgreSQL test service. */
class PostgresHostileEventsProperties extends HostileEventsProperties {
    @Override Class<?> service() { return PostgresServiceTest.class; }
}
