package org.corridor.api;

/** The hostile analysis-request properties against the H2 test service (named *Test so that surefire runs it in mvn verify). */
class H2HostileAnalysisPropertiesTest extends HostileAnalysisProperties {
    @Override Class<?> service() { return H2ServiceTest.class; }
}
