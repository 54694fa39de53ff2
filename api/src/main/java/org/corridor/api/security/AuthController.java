package org.corridor.api.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Exchanges HTTP Basic credentials for a bearer token (cheaper to check on every later request). */
@RestController
@RequestMapping("/api/v1/auth")
@Tag(name = "auth")
public class AuthController {
    private final TokenService tokens;

    public AuthController(TokenService tokens) {
        this.tokens = tokens;
    }

    @Operation(summary = "Issue a bearer token for the caller (authenticate with HTTP Basic)")
    @PostMapping("/token")
    public TokenResponse token(Caller caller) {
        TokenService.Issued t = tokens.issue(caller.username());
        return new TokenResponse(t.token(), "Bearer", t.expiresAt(), caller.username(), caller.role(), caller.organisation(), caller.hub());
    }

    /** What a client needs to call the API as this user. */
    public record TokenResponse(String token, String tokenType, Instant expiresAt, String username, Role role,
                                String organisation, String hub) {}
}
