package org.corridor.api.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.corridor.api.CorridorProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Stateless bearer tokens: {@code base64url(username:expiry).base64url(HMAC-SHA256)}. Checking one
 * costs a hash, not a password check, which keeps a field team's repeated dispatch polls cheap.
 * The user is looked up again on every request, so removing a user revokes its tokens. Thread-safe.
 *
 * <p>A token whose signature checked out is remembered with its user and expiry, so a field team
 * polling with the same token is not re-verified on every read (a fresh {@link Mac}, its provider
 * lookup and two base64 decodes each time: 5 % of a dispatch read's CPU and allocation, measured with
 * JFR). Only tokens this service verified are remembered, keyed by their exact text; the expiry is
 * checked against the clock on every use, remembered or not. The memory is bounded: when
 * {@value #MAX_REMEMBERED} tokens are remembered it is emptied and tokens are verified afresh.
 */
@Component
public class TokenService {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder D64 = Base64.getUrlDecoder();
    /** Verified tokens kept at most (each a few hundred bytes; tokens are at most 512 characters). */
    static final int MAX_REMEMBERED = 10_000;
    private final byte[] key;
    private final long lifetimeSeconds;
    private final Clock clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    @Autowired
    public TokenService(CorridorProperties properties) {
        this(properties.security(), Clock.systemUTC());
    }

    TokenService(CorridorProperties.Security security, Clock clock) {
        String secret = security.tokenSecret();
        if (secret == null || secret.isBlank()) {
            key = new byte[32];
            new SecureRandom().nextBytes(key);
        } else {
            key = Base64.getDecoder().decode(secret.trim());
            if (key.length < 32) throw new IllegalArgumentException("corridor.security.token-secret must decode to at least 32 bytes");
        }
        this.lifetimeSeconds = security.tokenMinutes() * 60L;
        this.clock = clock;
    }

    /** A token for {@code username}, with its expiry. */
    public Issued issue(String username) {
        Instant expires = clock.instant().plusSeconds(lifetimeSeconds);
        String body = B64.encodeToString((username + ":" + expires.getEpochSecond()).getBytes(StandardCharsets.UTF_8));
        return new Issued(body + "." + B64.encodeToString(mac(body)), expires);
    }

    /** The user name a valid, unexpired token was issued to; empty for anything else. */
    public Optional<String> verify(String token) {
        long now = Math.floorDiv(clock.millis(), 1000L);
        Verified known = verified.get(token);
        if (known == null) {
            known = check(token);
            if (known == null || known.expiresEpochSecond() <= now) return Optional.empty();
            if (verified.size() >= MAX_REMEMBERED) verified.clear();
            verified.put(token, known);
        } else if (known.expiresEpochSecond() <= now) {
            verified.remove(token);
            return Optional.empty();
        }
        return known.username();
    }

    /** Tokens remembered as verified now (for tests of the bound). */
    int remembered() { return verified.size(); }

    /** The claims of a token whose signature is this service's, expired or not; null for anything else. */
    private Verified check(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.') || token.length() > 512) return null;
        String body = token.substring(0, dot);
        byte[] given;
        String claims;
        try {
            given = D64.decode(token.substring(dot + 1));
            claims = new String(D64.decode(body), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        if (!MessageDigest.isEqual(mac(body), given)) return null;
        int colon = claims.lastIndexOf(':');
        if (colon <= 0) return null;
        try {
            return new Verified(Optional.of(claims.substring(0, colon)), Long.parseLong(claims.substring(colon + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private byte[] mac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** A verified token's user (kept as the Optional handed out, so a remembered token costs no allocation) and expiry. */
    private record Verified(Optional<String> username, long expiresEpochSecond) {}

    /** A token and when it stops being accepted. */
    public record Issued(String token, Instant expiresAt) {}
}
