package org.corridor.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.corridor.api.CorridorProperties;
import org.junit.jupiter.api.Test;

class TokenServiceTest {
    private static final String SECRET = Base64.getEncoder().encodeToString(new byte[32]);
    private static final Instant NOW = Instant.parse("2026-11-28T08:00:00Z");

    private static TokenService at(Instant now, String secret) {
        return new TokenService(new CorridorProperties.Security(secret, 60, List.of()), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aTokenNamesItsUserUntilItExpires() {
        String token = at(NOW, SECRET).issue("team-unfood-kabul").token();
        assertThat(at(NOW.plus(Duration.ofMinutes(59)), SECRET).verify(token)).hasValue("team-unfood-kabul");
        assertThat(at(NOW.plus(Duration.ofMinutes(60)), SECRET).verify(token)).isEmpty();
    }

    @Test
    void aTamperedOrForeignTokenIsRejected() {
        String token = at(NOW, SECRET).issue("planner-unchild").token();
        String otherUser = Base64.getUrlEncoder().withoutPadding().encodeToString(("coordinator:" + NOW.plusSeconds(3600).getEpochSecond()).getBytes());
        assertThat(at(NOW, SECRET).verify(otherUser + token.substring(token.indexOf('.')))).isEmpty();
        String otherKey = Base64.getEncoder().encodeToString("another key of at least 32 bytes!".getBytes());
        assertThat(at(NOW, otherKey).verify(token)).isEmpty();
    }

    @Test
    void aRememberedTokenIsStillRejectedOnceItHasExpired() {
        MovableClock clock = new MovableClock(NOW);
        TokenService tokens = new TokenService(new CorridorProperties.Security(SECRET, 60, List.of()), clock);
        String token = tokens.issue("team-unfood-kabul").token();
        assertThat(tokens.verify(token)).hasValue("team-unfood-kabul");
        assertThat(tokens.remembered()).isEqualTo(1);
        clock.now = NOW.plus(Duration.ofMinutes(59));
        assertThat(tokens.verify(token)).hasValue("team-unfood-kabul");
        clock.now = NOW.plus(Duration.ofMinutes(60));
        assertThat(tokens.verify(token)).isEmpty();
        assertThat(tokens.verify(token)).isEmpty();
        assertThat(tokens.remembered()).isZero();
    }

    @Test
    void rememberingAGenuineTokenAdmitsNoAlteredCopyOfIt() {
        TokenService tokens = at(NOW, SECRET);
        String token = tokens.issue("planner-unfood").token();
        assertThat(tokens.verify(token)).hasValue("planner-unfood");
        char last = token.charAt(token.length() - 1);
        assertThat(tokens.verify(token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A'))).isEmpty();
        assertThat(tokens.verify(token + "A")).isEmpty();
        assertThat(tokens.verify(" " + token)).isEmpty();
        assertThat(tokens.remembered()).isEqualTo(1);
    }

    @Test
    void theMemoryOfVerifiedTokensIsBounded() {
        MovableClock clock = new MovableClock(NOW);
        TokenService tokens = new TokenService(new CorridorProperties.Security(SECRET, 60, List.of()), clock);
        for (int i = 0; i <= TokenService.MAX_REMEMBERED; i++) {
            clock.now = NOW.plusSeconds(i); // a distinct expiry, hence a distinct token, for the same user
            assertThat(tokens.verify(tokens.issue("team-unfood-kabul").token())).isPresent();
        }
        assertThat(tokens.remembered()).isBetween(1, TokenService.MAX_REMEMBERED);
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) { this.now = now; }

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { throw new UnsupportedOperationException(); }
        @Override public Instant instant() { return now; }
    }

    @Property(tries = 500)
    void arbitraryTextIsNeverAcceptedAndNeverThrows(@ForAll String text) {
        assertThat(at(NOW, SECRET).verify(text)).isEmpty();
    }
}
