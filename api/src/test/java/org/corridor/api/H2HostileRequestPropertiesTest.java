package org.corridor.api;

/** The hostile-request properties against the H2 test service. */
class H2HostileRequestPropertiesTest extends HostileRequestProperties {
    @Override Class<?> service() { return H2ServiceTest.class; }
}
