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

    @Property(tries = 500)
    void arbitraryTextIsNeverAcceptedAndNeverThrows(@ForAll String text) {
        assertThat(at(NOW, SECRET).verify(text)).isEmpty();
    }
}
