package org.corridor.api;

import org.corridor.api.job.JobService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The service as the tests run it: the real application on a random port (for the checks that need
 * real HTTP: gzip, the container's error page) and MockMvc, one worker and a queue of two so
 * admission limits are reachable, and the {@link GatedSolver} in front of the real planner. The
 * flavour subclasses only choose the database; Spring caches one context per flavour.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "corridor.jobs.workers=1",
        "corridor.jobs.queue-capacity=2",
        "corridor.jobs.max-seconds=120",
        "corridor.jobs.retry-after-seconds=7",
        // the tiny scenario's dispatches are smaller than the production threshold of 1 KB
        "server.compression.min-response-size=128",
        "logging.level.root=WARN",
        "logging.level.org.corridor=INFO"})
@AutoConfigureMockMvc
@Import({GatedSolver.Config.class, TestEndpoints.class})
abstract class ServiceTestBase implements ServiceHarness {
    @Autowired MockMvc mvc;
    @Autowired GatedSolver solver;
    @Autowired JobService jobs;
    @LocalServerPort int port;

    @Override public MockMvc mvc() { return mvc; }
    @Override public JobService jobs() { return jobs; }
    @Override public GatedSolver solver() { return solver; }
}
