package org.corridor.api;

/** The hostile change-event properties against the H2 test service (named *Test so that surefire runs it in mvn verify). */
class H2HostileEventsPropertiesTest extends HostileEventsProperties {
    @Override Class<?> service() { return H2ServiceTest.class; }
}
