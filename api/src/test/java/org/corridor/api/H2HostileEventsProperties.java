package org.corridor.api;

/** The hostile change-event properties against the H2 test service. */
class H2HostileEventsProperties extends HostileEventsProperties {
    @Override Class<?> service() { return H2ServiceTest.class; }
}
