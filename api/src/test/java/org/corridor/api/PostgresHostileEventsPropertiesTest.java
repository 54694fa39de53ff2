package org.corridor.api;

/** The hostile change-event properties against the PostgreSQL test service (named *Test so that surefire runs it in mvn verify). */
class PostgresHostileEventsPropertiesTest extends HostileEventsProperties {
    @Override Class<?> service() { return PostgresServiceTest.class; }
}
