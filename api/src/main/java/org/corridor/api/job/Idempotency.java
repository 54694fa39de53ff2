package org.corridor.api.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.corridor.api.problem.ApiException;
import org.corridor.api.problem.ProblemError;
import org.corridor.api.security.Caller;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Idempotency-Key handling for POSTs that create work (solves, scenario uploads). Keys are scoped
 * to the user and persisted, so a retry after a lost response, or after a restart, returns what the
 * first request created. Reusing a key for a different request is a 422, never a silent replay.
 */
@Repository
public class Idempotency {
    private final JdbcClient jdbc;
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public Idempotency(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Null when absent; otherwise the key, checked to be 1-128 printable ASCII characters. */
    public static String validKey(String key) {
        if (key == null) return null;
        if (!key.matches("[\\x21-\\x7E]{1,128}"))
            throw ApiException.badRequest("The Idempotency-Key header is invalid.",
                    List.of(ProblemError.parameter("Idempotency-Key", "must be 1-128 printable ASCII characters without spaces")));
        return key;
    }

    /** SHA-256 (hex) of a request's canonical bytes. */
    public static String hash(byte[] canonical) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    public static String hash(String canonical) { return hash(canonical.getBytes(StandardCharsets.UTF_8)); }

    /** The id of what an earlier request with this key created, if any; 422 if that request differed. */
    public Optional<String> replay(Caller caller, String key, String requestHash, String resourceType) {
        if (key == null) return Optional.empty();
        var rows = jdbc.sql("SELECT request_hash, resource_type, resource_id FROM idempotency_key WHERE username = ? AND idem_key = ?")
                .params(caller.username(), key)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}).list();
        if (rows.isEmpty()) return Optional.empty();
        String[] row = rows.get(0);
        if (!row[0].equals(requestHash) || !row[1].equals(resourceType))
            throw ApiException.unprocessable("This Idempotency-Key was already used for a different request; use a new key.",
                    List.of(ProblemError.parameter("Idempotency-Key", "already used for a different request")));
        return Optional.of(row[2]);
    }

    /**
     * Runs {@code work} while no other request of this user with this key runs in this process, so
     * concurrent retries wait for the first and then replay it instead of competing for capacity.
     * (Across processes the primary key on (user, key) still lets only one of them create work.)
     */
    public <T> T serialised(Caller caller, String key, Supplier<T> work) {
        if (key == null) return work.get();
        String k = caller.username() + "\n" + key;
        ReentrantLock lock = locks.computeIfAbsent(k, x -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
            if (!lock.hasQueuedThreads()) locks.remove(k, lock);
        }
    }

    /** Binds the key to what this request created; call in the transaction that creates it. */
    public void remember(Caller caller, String key, String requestHash, String resourceType, String resourceId) {
        if (key == null) return;
        jdbc.sql("INSERT INTO idempotency_key (username, idem_key, request_hash, resource_type, resource_id, created_at) VALUES (?, ?, ?, ?, ?, ?)")
            .params(caller.username(), key, requestHash, resourceType, resourceId, OffsetDateTime.now(ZoneOffset.UTC))
            .update();
    }
}
