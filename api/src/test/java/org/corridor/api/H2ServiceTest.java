package org.corridor.api;

import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Every service contract against the default embedded database: an H2 file database. */
public class H2ServiceTest extends ServiceTestBase implements RoleMatrixContract, JobContract, ProblemContract, DispatchContract,
        ExportContract, ScenarioContract, RestartContract, ResolveContract, AnalysisContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        Databases.freshH2().forEach((k, v) -> registry.add(k, () -> v));
    }

    @Override public Map<String, Object> freshDatabase() { return Databases.freshH2(); }
    @Override public int port() { return port; }
}
