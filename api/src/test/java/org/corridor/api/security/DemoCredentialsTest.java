package org.corridor.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.corridor.api.CorridorApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** With the prod profile, the DEMO credentials of application.yml stop the service from starting. */
class DemoCredentialsTest {

    private static ConfigurableApplicationContext startProd(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.profiles.active=prod",
                "--spring.datasource.url=jdbc:h2:mem:prod-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--server.port=0",
                // the audit read journal's folder: under target (removed by the build's clean), not the working directory's data-local
                "--corridor.data-dir=" + Path.of("target", "test-data", "corridor-prod-" + UUID.randomUUID()).toAbsolutePath(),
                "--corridor.scenario-dir=src/test/resources/scenarios/tiny",
                "--logging.level.root=OFF"));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(CorridorApplication.class).run(args.toArray(String[]::new));
    }

    @Test
    void theProdProfileRefusesToStartWhileDemoPasswordsAreConfigured() {
        assertThatThrownBy(DemoCredentialsTest::startProd)
                .rootCause()
                .hasMessageContaining("refusing to start with the prod profile")
                .hasMessageContaining("DEMO passwords")
                .hasMessageContaining("coordinator");
    }

    @Test
    void aDemoPasswordUnderAnotherUserNameIsRefusedToo() {
        String hash = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("demo-coordinator");
        assertThatThrownBy(() -> startProd(
                "--corridor.security.users[0].username=ops-lead", "--corridor.security.users[0].password=" + hash,
                "--corridor.security.users[0].role=COORDINATOR", "--corridor.security.users[0].organisation=COORDINATION"))
                .rootCause().hasMessageContaining("ops-lead");
    }

    @Test
    void theProdProfileStartsOnceEveryUserHasItsOwnPassword() {
        String hash = "{bcrypt}" + new BCryptPasswordEncoder(4).encode(UUID.randomUUID().toString());
        try (ConfigurableApplicationContext ctx = startProd(
                "--corridor.security.users[0].username=ops-lead", "--corridor.security.users[0].password=" + hash,
                "--corridor.security.users[0].role=COORDINATOR", "--corridor.security.users[0].organisation=COORDINATION")) {
            assertThat(ctx.getBean(UserDirectory.class).all()).extracting(UserDirectory.Account::getUsername).containsExactly("ops-lead");
        }
    }
}
