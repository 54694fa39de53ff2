package org.corridor.api.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.corridor.api.CorridorProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Stateless bearer tokens: {@code base64url(username:expiry).base64url(HMAC-SHA256)}. Checking one
 * costs a hash, not a password check, which keeps a field team's repeated dispatch polls cheap.
 * The user is looked up again on every request, so removing a user revokes its tokens. Thread-safe.
 */
@Component
public class TokenService {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder D64 = Base64.getUrlDecoder();
    private final byte[] key;
    private final long lifetimeSeconds;
    private final Clock clock;

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
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.') || token.length() > 512) return Optional.empty();
        String body = token.substring(0, dot);
        byte[] given;
        String claims;
        try {
            given = D64.decode(token.substring(dot + 1));
            claims = new String(D64.decode(body), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(mac(body), given)) return Optional.empty();
        int colon = claims.lastIndexOf(':');
        if (colon <= 0) return Optional.empty();
        try {
            if (Long.parseLong(claims.substring(colon + 1)) <= clock.instant().getEpochSecond()) return Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(claims.substring(0, colon));
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

    /** A token and when it stops being accepted. */
    public record Issued(String token, Instant expiresAt) {}
}
