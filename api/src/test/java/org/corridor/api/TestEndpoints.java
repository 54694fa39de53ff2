package org.corridor.api;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A test-only endpoint that fails the way a bug would, with a message that must never reach a client. */
@TestConfiguration(proxyBeanMethods = false)
public class TestEndpoints {
    /** Under /api/v1/jobs so the real security rules admit planners and coordinators to it. */
    public static final String BOOM = "/api/v1/jobs/test-only/boom";

    /**
     * Registered as a member of this imported configuration; a test component, so classpath scanning
     * leaves it alone and it exists only in contexts that import {@link TestEndpoints}.
     */
    @RestController
    @TestComponent
    public static class Boom {
        @GetMapping(BOOM)
        public String boom() {
            throw new IllegalStateException("internal detail with coordinates 34.5, 69.2");
        }
    }
}
