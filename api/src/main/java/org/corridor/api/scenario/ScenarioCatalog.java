package org.corridor.api.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.corridor.api.CorridorProperties;
import org.corridor.api.audit.AuditLog;
import org.corridor.api.job.Idempotency;
import org.corridor.api.problem.ApiException;
import org.corridor.api.problem.ProblemError;
import org.corridor.api.security.AccessPolicy;
import org.corridor.api.security.Caller;
import org.corridor.api.security.Role;
import org.corridor.scenario.Problem;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.ScenarioException;
import org.corridor.scenario.ScenarioLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The scenarios the service can solve: the bundled one, read from disk at every start and shared
 * with every planner and coordinator, and scenarios uploaded by an organisation, stored file by file
 * in the database and re-read by the optimizer's own loader (so they validate exactly as the CLI's).
 * Loaded scenarios are immutable and cached.
 */
@Service
public class ScenarioCatalog {
    private static final Logger log = LoggerFactory.getLogger(ScenarioCatalog.class);
    static final String BUNDLED = "BUNDLED";
    static final String UPLOAD = "UPLOAD";

    private final JdbcClient jdbc;
    private final AccessPolicy access;
    private final AuditLog audit;
    private final Idempotency idempotency;
    private final TransactionTemplate tx;
    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    public ScenarioCatalog(JdbcClient jdbc, AccessPolicy access, AuditLog audit, Idempotency idempotency,
                           TransactionTemplate tx, CorridorProperties properties) {
        this.jdbc = jdbc;
        this.access = access;
        this.audit = audit;
        this.idempotency = idempotency;
        this.tx = tx;
        bundled(properties.scenarioDir()).ifPresentOrElse(this::registerBundled,
                () -> log.warn("no bundled scenario found (set corridor.scenario-dir, or start from the repository root)"));
    }

    /** What the API tells about a scenario: ids and counts, never coordinates. */
    public record ScenarioInfo(String id, String name, String organisation, boolean shared, String source, String startDate,
                               Map<String, Integer> counts, List<String> agencies, String createdBy, OffsetDateTime createdAt) {}

    /** A stored upload and whether an earlier request with the same Idempotency-Key made it. */
    public record Uploaded(ScenarioInfo scenario, boolean replayed) {}

    /** A scenario as read, with the horizon its scenario.json declares (0 = none). */
    private record Loaded(Scenario scenario, int defaultHorizonDays) {
        static Loaded read(Path dir) {
            return new Loaded(ScenarioLoader.load(dir), ScenarioLoader.defaultHorizonDays(dir).orElse(0));
        }
    }

    /** The loaded scenario (no access check: callers have checked {@link #visible}). */
    public Scenario scenario(String id) {
        return loaded(id).scenario();
    }

    /** The planning horizon the scenario declares (its scenario.json), used when a solve gives none. */
    public OptionalInt defaultHorizonDays(String id) {
        int days = loaded(id).defaultHorizonDays();
        return days > 0 ? OptionalInt.of(days) : OptionalInt.empty();
    }

    private Loaded loaded(String id) {
        return loaded.computeIfAbsent(id, this::fromDatabase);
    }

    /** True when the caller may read and solve scenario {@code id}. */
    public boolean visible(Caller caller, String id) {
        return row(id).map(r -> caller.role() != Role.FIELD_TEAM && (r.shared || access.sees(caller, r.organisation))).orElse(false);
    }

    public ScenarioInfo get(Caller caller, String id) {
        if (!visible(caller, id)) throw ApiException.notFound("scenario", id);
        return info(row(id).orElseThrow());
    }

    public List<ScenarioInfo> list(Caller caller) {
        return rows().stream().filter(r -> visible(caller, r.id)).map(this::info).toList();
    }

    /**
     * Validates and stores an uploaded scenario (a zip of its folder) for the caller's organisation.
     * Every problem the loader finds is returned at once, located as /file/line/field.
     */
    public Uploaded upload(Caller caller, byte[] zip, String idempotencyKey) {
        String key = Idempotency.validKey(idempotencyKey);
        String hash = Idempotency.hash(zip);
        return idempotency.serialised(caller, key, () -> store(caller, zip, key, hash));
    }

    private Uploaded store(Caller caller, byte[] zip, String key, String hash) {
        Optional<String> earlier = idempotency.replay(caller, key, hash, "scenario");
        if (earlier.isPresent()) return new Uploaded(info(row(earlier.get()).orElseThrow()), true);
        Map<String, String> files = ScenarioArchive.read(zip);
        Loaded read = validate(files);
        Scenario scenario = read.scenario();
        String id = "s-" + HexFormat.of().formatHex(bytes());
        String name = scenario.name().length() > 200 ? scenario.name().substring(0, 200) : scenario.name();
        try {
            tx.executeWithoutResult(s -> {
                jdbc.sql("INSERT INTO scenario (id, name, organisation, shared, source, content_hash, created_by, created_at) VALUES (?, ?, ?, FALSE, ?, ?, ?, ?)")
                    .params(id, name, caller.organisation(), UPLOAD, hash, caller.username(), now()).update();
                for (Map.Entry<String, String> f : files.entrySet())
                    jdbc.sql("INSERT INTO scenario_file (scenario_id, name, content) VALUES (?, ?, ?)").params(id, f.getKey(), f.getValue()).update();
                idempotency.remember(caller, key, hash, "scenario", id);
                audit.record(caller, "scenario.upload", "scenario", id, files.size() + " files, " + scenario.locations().size()
                        + " locations, " + scenario.roads().size() + " roads, " + scenario.rules().size() + " rules");
            });
        } catch (DuplicateKeyException sameKeyRace) {
            return new Uploaded(info(row(idempotency.replay(caller, key, hash, "scenario").orElseThrow(() -> sameKeyRace)).orElseThrow()), true);
        }
        loaded.put(id, read);
        return new Uploaded(info(row(id).orElseThrow()), false);
    }

    /** Runs the optimizer's loader on the files; 422 listing every problem, each located by pointer. */
    private static Loaded validate(Map<String, String> files) {
        try {
            return withFolder(files, Loaded::read);
        } catch (ScenarioException e) {
            List<ProblemError> errors = new ArrayList<>();
            for (Problem p : e.problems()) errors.add(ProblemError.at(pointer(p), p.message()));
            throw ApiException.unprocessable("The scenario has " + errors.size() + " problem(s); each is located as /file/line/field.", errors);
        }
    }

    /** /file/line/field of a loader problem (line and field left out when the problem has none). */
    static String pointer(Problem p) {
        StringBuilder sb = new StringBuilder("/").append(ProblemError.token(p.file()));
        if (p.line() > 0) sb.append('/').append(p.line());
        if (!p.field().isEmpty()) sb.append('/').append(ProblemError.token(p.field()));
        return sb.toString();
    }

    private Loaded fromDatabase(String id) {
        Map<String, String> files = new java.util.TreeMap<>();
        jdbc.sql("SELECT name, content FROM scenario_file WHERE scenario_id = ?").param(id)
            .query(rs -> { files.put(rs.getString(1), rs.getString(2)); });
        if (files.isEmpty()) throw new IllegalStateException("scenario " + id + " has no stored files (bundled scenario missing from disk?)");
        return withFolder(files, Loaded::read);
    }

    /** Writes the files into a private temporary folder, applies {@code read}, and removes the folder. */
    private static <T> T withFolder(Map<String, String> files, java.util.function.Function<Path, T> read) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("corridor-scenario-");
            for (Map.Entry<String, String> f : files.entrySet()) Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
            return read.apply(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage an uploaded scenario", e);
        } finally {
            if (dir != null) delete(dir);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not remove a temporary scenario folder");
        }
    }

    /** The bundled scenario folder: the configured one, else data/afghanistan or ../data/afghanistan. */
    static Optional<Path> bundled(String configured) {
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            if (!Files.isDirectory(p)) throw new IllegalStateException("corridor.scenario-dir " + configured + " is not a folder");
            return Optional.of(p);
        }
        return Stream.of(Path.of("data", "afghanistan"), Path.of("..", "data", "afghanistan")).filter(Files::isDirectory).findFirst();
    }

    private void registerBundled(Path dir) {
        Loaded read = Loaded.read(dir);
        Scenario scenario = read.scenario();
        String id = dir.toAbsolutePath().normalize().getFileName().toString();
        String hash = Idempotency.hash(folderBytes(dir));
        tx.executeWithoutResult(s -> {
            int updated = jdbc.sql("UPDATE scenario SET name = ?, content_hash = ? WHERE id = ? AND source = ?")
                    .params(scenario.name(), hash, id, BUNDLED).update();
            if (updated == 0)
                jdbc.sql("INSERT INTO scenario (id, name, organisation, shared, source, content_hash, created_by, created_at) VALUES (?, ?, ?, TRUE, ?, ?, 'system', ?)")
                    .params(id, scenario.name(), access.coordinationCell(), BUNDLED, hash, now()).update();
        });
        loaded.put(id, read);
        log.info("bundled scenario '{}' loaded: {} locations, {} roads, {} agencies, {} rules",
                id, scenario.locations().size(), scenario.roads().size(), scenario.agencies().size(), scenario.rules().size());
    }

    private static byte[] folderBytes(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                out.write(p.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                out.write(Files.readAllBytes(p));
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled scenario", e);
        }
    }

    private record Row(String id, String name, String organisation, boolean shared, String source, String createdBy, OffsetDateTime createdAt) {}

    private Optional<Row> row(String id) {
        return jdbc.sql("SELECT id, name, organisation, shared, source, created_by, created_at FROM scenario WHERE id = ?")
                .param(id).query(ScenarioCatalog::row).optional();
    }

    private List<Row> rows() {
        return jdbc.sql("SELECT id, name, organisation, shared, source, created_by, created_at FROM scenario ORDER BY created_at, id")
                .query(ScenarioCatalog::row).list();
    }

    private static Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getString(5), rs.getString(6),
                rs.getObject(7, OffsetDateTime.class));
    }

    private ScenarioInfo info(Row r) {
        Scenario s = scenario(r.id);
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        counts.put("locations", s.locations().size());
        counts.put("roads", s.roads().size());
        counts.put("agencies", s.agencies().size());
        counts.put("commodities", s.commodities().size());
        counts.put("stocks", s.stocks().size());
        counts.put("needs", s.needs().size());
        counts.put("rules", s.rules().size());
        return new ScenarioInfo(r.id, r.name, r.organisation, r.shared, r.source, s.startDate().toString(), counts,
                s.agencies().stream().map(org.corridor.scenario.Agency::id).toList(), r.createdBy, r.createdAt);
    }

    private byte[] bytes() {
        byte[] b = new byte[8];
        random.nextBytes(b);
        return b;
    }

    private static OffsetDateTime now() { return OffsetDateTime.now(ZoneOffset.UTC); }
}
