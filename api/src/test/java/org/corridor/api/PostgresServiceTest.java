package org.corridor.api;

import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Every service contract against a real PostgreSQL server (the production database). */
public class PostgresServiceTest extends ServiceTestBase implements RoleMatrixContract, JobContract, ProblemContract, DispatchContract,
        ExportContract, ScenarioContract, RestartContract, ResolveContract, AnalysisContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        Databases.freshPostgres().forEach((k, v) -> registry.add(k, () -> v));
    }

    @Override public Map<String, Object> freshDatabase() { return Databases.freshPostgres(); }
    @Override public int port() { return port; }
}
