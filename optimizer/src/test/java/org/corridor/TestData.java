package org.corridor;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's data folder is, whatever directory the tests run from (surefire uses the module dir). */
public final class TestData {
    private TestData() {}

    /** The repository's {@code data/afghanistan} folder, found by walking up from the working directory. */
    public static Path afghanistan() { return data().resolve("afghanistan"); }

    /** The repository's {@code data} folder. */
    public static Path data() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent())
            if (Files.isDirectory(p.resolve("data/afghanistan"))) return p.resolve("data");
        throw new IllegalStateException("no data/afghanistan above " + Path.of("").toAbsolutePath());
    }
}
