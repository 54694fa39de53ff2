package org.corridor.lastmile;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the bundled benchmark instances whether tests run from the module or the repository root. */
final class BenchInstances {
    private BenchInstances() {}

    static Path dir() {
        for (Path p : new Path[] {Path.of("bench/instances"), Path.of("../bench/instances")})
            if (Files.isDirectory(p)) return p;
        throw new IllegalStateException("bench/instances not found from " + Path.of("").toAbsolutePath().getFileName());
    }

    static Path cvrp(String name) { return dir().resolve("cvrp/" + name + ".vrp"); }

    static Path solomon(String name) { return dir().resolve("solomon/" + name + ".txt"); }
}
