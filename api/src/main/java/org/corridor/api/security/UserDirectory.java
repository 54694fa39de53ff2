package org.corridor.api.security;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.corridor.api.CorridorProperties;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** The users configured under {@code corridor.security.users}, by name. Immutable, thread-safe. */
@Component
public class UserDirectory implements UserDetailsService {
    private final Map<String, Account> accounts = new LinkedHashMap<>();

    public UserDirectory(CorridorProperties properties) {
        for (CorridorProperties.User u : properties.security().users()) {
            Caller caller = new Caller(u.username(), u.role(), u.organisation(), u.role() == Role.FIELD_TEAM ? u.hub() : null);
            if (accounts.put(u.username(), new Account(caller, u.password())) != null)
                throw new IllegalArgumentException("user " + u.username() + " is configured twice");
        }
    }

    @Override
    public Account loadUserByUsername(String username) {
        Account a = accounts.get(username);
        if (a == null) throw new UsernameNotFoundException("unknown user");
        return a.copy();
    }

    /** Every configured user with its encoded password (for the demo-credential guard). */
    public List<Account> all() {
        return accounts.values().stream().map(Account::copy).toList();
    }

    /** Spring Security's user carrying the {@link Caller} it stands for. */
    public static final class Account extends User {
        private final Caller caller;

        Account(Caller caller, String encodedPassword) {
            super(caller.username(), encodedPassword, authorities(caller.role()));
            this.caller = caller;
        }

        public Caller caller() { return caller; }

        /** Spring Security erases credentials after authentication; hand out copies so the directory keeps them. */
        Account copy() { return new Account(caller, getPassword()); }

        private static Collection<GrantedAuthority> authorities(Role role) {
            return List.of(new SimpleGrantedAuthority("ROLE_" + role.name()));
        }

        @Override public boolean equals(Object o) { return super.equals(o); }
        @Override public int hashCode() { return super.hashCode(); }
    }
}
