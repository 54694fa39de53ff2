package org.corridor.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Corridor service; the endpoints arrive with the service issue. */
@SpringBootApplication
public class CorridorApplication {
    public static void main(String[] args) {
        SpringApplication.run(CorridorApplication.class, args);
    }
}
