package org.corridor.api;

import java.util.List;
import org.corridor.api.security.Role;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code corridor.*} (defaults in application.yml).
 *
 * @param dataDir          folder of the embedded H2 database
 * @param scenarioDir      the bundled scenario's folder; blank = search data/afghanistan, ../data/afghanistan
 * @param coordinationCell organisation id of the inter-agency coordination cell, whose coordinators see everything
 * @param jobs             solve admission and limits
 * @param security         users and tokens
 */
@ConfigurationProperties("corridor")
public record CorridorProperties(String dataDir, String scenarioDir, String coordinationCell, Jobs jobs, Security security) {

    public CorridorProperties {
        if (coordinationCell == null || coordinationCell.isBlank()) throw new IllegalArgumentException("corridor.coordination-cell is required");
        if (jobs == null) throw new IllegalArgumentException("corridor.jobs is required");
        if (security == null) throw new IllegalArgumentException("corridor.security is required");
    }

    /**
     * @param workers           solves running at once
     * @param queueCapacity     solves waiting at most; beyond workers + queue a submit gets 503
     * @param maxSeconds        wall-time limit of one job; it is cancelled (and failed) when reached
     * @param retryAfterSeconds Retry-After sent with a 503
     * @param nice              OS nice levels by which solve threads (and the threads they start) run below the
     *                          request threads, so reads keep their latency while solves fill the cores; 0 = off
     * @param isolation         where a solve runs: in a child JVM ({@code process}, so its garbage collection and JIT
     *                          compilation do not stop or slow the request threads) or on the worker thread ({@code thread})
     * @param processMaxHeap    the child JVM's maximum heap (its -Xmx value, e.g. {@code 2g}) with {@code isolation=process}
     */
    public record Jobs(int workers, int queueCapacity, int maxSeconds, int retryAfterSeconds, int nice, Isolation isolation,
                       String processMaxHeap) {
        public Jobs {
            if (isolation == null) throw new IllegalArgumentException("corridor.jobs.isolation is required: process or thread");
            if (processMaxHeap == null || !processMaxHeap.matches("[1-9][0-9]{0,6}[kKmMgG]"))
                throw new IllegalArgumentException("corridor.jobs.process-max-heap must be a JVM heap size such as 512m or 2g");
            if (workers < 1) throw new IllegalArgumentException("corridor.jobs.workers must be >= 1");
            if (queueCapacity < 0) throw new IllegalArgumentException("corridor.jobs.queue-capacity must be >= 0");
            if (maxSeconds < 1) throw new IllegalArgumentException("corridor.jobs.max-seconds must be >= 1");
            if (retryAfterSeconds < 1) throw new IllegalArgumentException("corridor.jobs.retry-after-seconds must be >= 1");
            if (nice < 0 || nice > 19) throw new IllegalArgumentException("corridor.jobs.nice must be 0 (off) to 19 (Linux's lowest priority)");
        }
    }

    /** Where solve jobs run (see {@link Jobs#isolation()}). */
    public enum Isolation { PROCESS, THREAD }

    /**
     * @param tokenSecret  base64 HMAC key for bearer tokens; blank = random per start
     * @param tokenMinutes lifetime of a bearer token
     * @param users        who may sign in
     */
    public record Security(String tokenSecret, int tokenMinutes, List<User> users) {
        public Security {
            users = users == null ? List.of() : List.copyOf(users);
            if (tokenMinutes < 1) throw new IllegalArgumentException("corridor.security.token-minutes must be >= 1");
        }
    }

    /**
     * A user allowed to sign in.
     *
     * @param password     encoded password, e.g. {@code {bcrypt}$2a$...}
     * @param organisation agency id (WFP, ...) or the coordination cell
     * @param hub          location id of a field team's hub; required for FIELD_TEAM, absent otherwise
     */
    public record User(String username, String password, Role role, String organisation, String hub) {
        public User {
            if (username == null || !username.matches("[A-Za-z0-9_.-]{1,64}")) throw new IllegalArgumentException("user name must be 1-64 letters, digits or _.-");
            if (password == null || password.isBlank()) throw new IllegalArgumentException("user " + username + " needs an encoded password");
            if (role == null) throw new IllegalArgumentException("user " + username + " needs a role (COORDINATOR, PLANNER or FIELD_TEAM)");
            if (organisation == null || organisation.isBlank()) throw new IllegalArgumentException("user " + username + " needs an organisation");
            if ((role == Role.FIELD_TEAM) != (hub != null && !hub.isBlank()))
                throw new IllegalArgumentException("user " + username + ": a hub is required for FIELD_TEAM users and only for them");
        }
    }
}
