package org.corridor.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Corridor service: coordinators request plans, planners upload scenarios and re-solve, field
 * teams pull their dispatches. All mathematics lives in the optimizer module; this module adds HTTP,
 * jobs, persistence and security around it.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CorridorApplication {
    public static void main(String[] args) {
        SpringApplication.run(CorridorApplication.class, args);
    }
}
