package org.corridor.api.security;

import java.util.List;
import org.springframework.context.annotation.Profile;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The DEMO passwords shipped in application.yml and printed in the README. With the {@code prod}
 * profile this bean refuses to start the service while any configured user still accepts one of
 * them, whatever the user is called.
 */
@Component
@Profile("prod")
public class DemoCredentials {
    /** Documented DEMO passwords: never secret, never for real use. */
    public static final List<String> PASSWORDS = List.of(
            "demo-coordinator", "demo-planner-unfood", "demo-planner-unchild", "demo-team-unfood-kabul", "demo-team-unchild-kabul");

    public DemoCredentials(UserDirectory users, PasswordEncoder encoder) {
        List<String> offenders = users.all().stream()
                .filter(u -> PASSWORDS.stream().anyMatch(p -> encoder.matches(p, u.getPassword())))
                .map(UserDirectory.Account::getUsername).toList();
        if (!offenders.isEmpty())
            throw new IllegalStateException("refusing to start with the prod profile: users " + offenders
                    + " still have DEMO passwords; configure corridor.security.users with your own users and bcrypt hashes");
    }
}
