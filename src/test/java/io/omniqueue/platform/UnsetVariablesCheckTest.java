package io.omniqueue.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omniqueue.OmniqueueApplication;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * An operator who forgets an environment variable the configuration names gets a node that does
 * not start, with the settings and variables named, instead of a node whose API token is the
 * placeholder's literal text (readable by anyone in the production example).
 */
class UnsetVariablesCheckTest {

    @Test
    void productionExampleWithoutItsVariablesDoesNotStartAndNamesThem() {
        assertThatThrownBy(() -> {
            // Closed at once should the check ever let it start, so that the failure is the assertion's.
            try (ConfigurableApplicationContext started = new SpringApplicationBuilder(OmniqueueApplication.class).run(
                    "--spring.config.additional-location=file:config/examples/production/application-production.yaml",
                    "--server.port=0")) {
                assertThat(started.getEnvironment().getProperty("omniqueue.security.api-tokens[0].token")).isNull();
            }
        })
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("omniqueue.security.api-tokens[0].token needs OMNIQUEUE_HELPDESK_TOKEN")
                .hasMessageContaining("omniqueue.security.api-tokens[1].token needs OMNIQUEUE_OPS_TOKEN")
                .hasMessageContaining("omniqueue.alerts.recipients needs OMNIQUEUE_ALERTS_RECIPIENTS")
                .hasMessageContaining("application-production.yaml")
                // config/application.yaml gives the same settings with defaults, but the production file's are in effect:
                // they are named once, from that file.
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("config/application.yaml"))
                // A variable with a default is not one of them.
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("OMNIQUEUE_ADMIN_USERNAME"));
    }

    @Test
    void variableWithADefaultOrASettingGivenAgainElsewhereIsEnough() {
        StandardEnvironment environment = environment(Map.of(
                "omniqueue.alerts.from", "${OMNIQUEUE_TEST_NEVER_SET_FROM:}",
                "omniqueue.alerts.recipients", "${OMNIQUEUE_TEST_NEVER_SET_RECIPIENTS}",
                "omniqueue.web.base-url", "https://${OMNIQUEUE_TEST_HOST}/inbox",
                "spring.application.name", "omniqueue"),
                // The command line gives the recipients again, and the variable the URL names.
                new MapPropertySource("command line", Map.of(
                        "omniqueue.alerts.recipients", "lead@shop.test",
                        "OMNIQUEUE_TEST_HOST", "inbox.shop.test")));

        assertThatCode(() -> check(environment)).doesNotThrowAnyException();
        assertThat(environment.getProperty("omniqueue.web.base-url")).isEqualTo("https://inbox.shop.test/inbox");
    }

    @Test
    void variableUnsetInsideALongerValueIsNamedToo() {
        StandardEnvironment environment = environment(Map.of(
                "omniqueue.channels[0].base-url", "https://user:secret-beside-it@${OMNIQUEUE_TEST_NEVER_SET_HOST}/api"), null);

        assertThatThrownBy(() -> check(environment))
                .hasMessageContaining("omniqueue.channels[0].base-url needs OMNIQUEUE_TEST_NEVER_SET_HOST")
                // The rest of the value is not repeated: it may hold a secret.
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-beside-it"));
    }

    @Test
    void listGivenWholeOnTheCommandLineReplacesTheFilesEntriesAndTheirVariables() {
        StandardEnvironment environment = environment(Map.of(
                "omniqueue.security.api-tokens[0].name", "helpdesk",
                "omniqueue.security.api-tokens[0].token", "${OMNIQUEUE_TEST_NEVER_SET_TOKEN}"),
                // The plain form of the list (README, "API tokens"): Spring binds it whole, the file's entries are not read.
                new SimpleCommandLinePropertySource("--omniqueue.security.api-tokens=first-token-of-the-list,second-token-of-the-list"));

        assertThatCode(() -> check(environment)).doesNotThrowAnyException();

        // A list of another name given there does not excuse this one.
        StandardEnvironment other = environment(Map.of(
                "omniqueue.security.api-tokens[0].token", "${OMNIQUEUE_TEST_NEVER_SET_TOKEN}"),
                new SimpleCommandLinePropertySource("--omniqueue.security.users=someone"));
        assertThatThrownBy(() -> check(other))
                .hasMessageContaining("omniqueue.security.api-tokens[0].token needs OMNIQUEUE_TEST_NEVER_SET_TOKEN");
    }

    /** A configuration file's settings, and a source read before it (the command line, say), or none. */
    private static StandardEnvironment environment(Map<String, Object> file, PropertySource<?> ahead) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addLast(new OriginTrackedMapPropertySource("config file", file));
        if (ahead != null) {
            environment.getPropertySources().addFirst(ahead);
        }
        return environment;
    }

    private static void check(StandardEnvironment environment) {
        new UnsetVariablesCheck().postProcessEnvironment(environment, new SpringApplication());
    }
}
