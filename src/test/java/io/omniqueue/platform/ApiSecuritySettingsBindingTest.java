package io.omniqueue.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;

/** Named tokens, the plain list that came before them, and the environment variable, all bind. */
class ApiSecuritySettingsBindingTest {

    private final StandardEnvironment environment = new StandardEnvironment();

    private ApiSecuritySettings bind() {
        return Binder.get(environment).bind("omniqueue.security", ApiSecuritySettings.class).get();
    }

    private void shippedDefaults() throws Exception {
        new YamlPropertySourceLoader().load("application.yaml", new FileSystemResource(Path.of("config", "application.yaml")))
                .forEach(source -> environment.getPropertySources().addLast(source));
    }

    private void yaml(String text) throws Exception {
        new YamlPropertySourceLoader().load("test.yaml", new ByteArrayResource(text.getBytes()))
                .forEach(source -> environment.getPropertySources().addFirst(source));
    }

    private void environmentVariables(Map<String, Object> variables) {
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-env", variables));
    }

    @Test
    void shippedDefaultsHaveNoTokenAndTheLockoutSettings() throws Exception {
        shippedDefaults();
        ApiSecuritySettings settings = bind();
        assertThat(settings.apiTokens()).isEmpty();
        assertThat(settings.failedAuth()).isEqualTo(new FailedAuthSettings(10, Duration.ofMinutes(1), Duration.ofMinutes(1), 10_000));
    }

    @Test
    void theCommaSeparatedVariableOfTheShippedFileGivesTokensNamedByPosition() throws Exception {
        shippedDefaults();
        environmentVariables(Map.of("OMNIQUEUE_API_TOKENS", "first-token-abcdefgh, second-token-abcdefgh"));
        assertThat(bind().apiTokens()).containsExactly(
                new ApiToken("api-token-1", "first-token-abcdefgh"), new ApiToken("api-token-2", "second-token-abcdefgh"));
    }

    @Test
    void theSpringStyleVariableWorksToo() throws Exception {
        shippedDefaults();
        environmentVariables(Map.of("OMNIQUEUE_SECURITY_API_TOKENS", "only-token-abcdefgh",
                "OMNIQUEUE_SECURITY_FAILED_AUTH_MAX_FAILURES", "3"));
        ApiSecuritySettings settings = bind();
        assertThat(settings.apiTokens()).containsExactly(new ApiToken("api-token-1", "only-token-abcdefgh"));
        assertThat(settings.failedAuth().maxFailures()).isEqualTo(3);
    }

    @Test
    void namedTokensInYaml() throws Exception {
        shippedDefaults();
        yaml("""
                omniqueue:
                  security:
                    api-tokens:
                      - name: helpdesk-bot
                        token: bot-token-abcdefgh
                      - name: marie
                        token: marie-token-abcdefgh
                    failed-auth:
                      lockout: 5m
                """);
        ApiSecuritySettings settings = bind();
        assertThat(settings.apiTokens()).containsExactly(
                new ApiToken("helpdesk-bot", "bot-token-abcdefgh"), new ApiToken("marie", "marie-token-abcdefgh"));
        assertThat(settings.failedAuth().lockout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.failedAuth().maxFailures()).isEqualTo(10);
    }

    @Test
    void aPlainYamlListAndAMixedOneStillBind() throws Exception {
        yaml("""
                omniqueue:
                  security:
                    api-tokens:
                      - plain-token-abcdefgh
                      - name: helpdesk-bot
                        token: bot-token-abcdefgh
                      - token: unnamed-object-abcdefgh
                """);
        assertThat(bind().apiTokens()).containsExactly(new ApiToken("api-token-1", "plain-token-abcdefgh"),
                new ApiToken("helpdesk-bot", "bot-token-abcdefgh"), new ApiToken("api-token-3", "unnamed-object-abcdefgh"));
    }

    @Test
    void withoutAnyPropertyTheDefaultsApply() {
        // As Spring Boot binds a settings record: created with its defaults when nothing is set.
        ApiSecuritySettings settings = Binder.get(environment).bindOrCreate("omniqueue.security", ApiSecuritySettings.class);
        assertThat(settings.apiTokens()).isEmpty();
        assertThat(settings.failedAuth()).isEqualTo(new FailedAuthSettings(10, Duration.ofMinutes(1), Duration.ofMinutes(1), 10_000));
    }

    @Test
    void twoTokensWithOneNameStopTheStartUp() throws Exception {
        yaml("""
                omniqueue.security.api-tokens:
                  - {name: marie, token: token-one-abcdefgh}
                  - {name: marie, token: token-two-abcdefgh}
                """);
        assertThatThrownBy(this::bind).isInstanceOf(BindException.class).rootCause()
                .hasMessageContaining("'marie'").hasMessageContaining("name is used twice");
    }

    @Test
    void aNameThatCollidesWithAPositionalNameStopsTheStartUp() throws Exception {
        yaml("""
                omniqueue.security.api-tokens:
                  - {name: api-token-2, token: token-one-abcdefgh}
                  - token-two-abcdefgh
                """);
        assertThatThrownBy(this::bind).rootCause().hasMessageContaining("'api-token-2'");
    }

    @Test
    void oneSecretUnderTwoNamesStopsTheStartUp() throws Exception {
        yaml("""
                omniqueue.security.api-tokens:
                  - {name: marie, token: same-token-abcdefgh}
                  - {name: paul, token: same-token-abcdefgh}
                """);
        assertThatThrownBy(this::bind).rootCause().hasMessageContaining("'paul'").hasMessageContaining("configured twice")
                .hasMessageNotContaining("same-token");
    }

    @Test
    void aNamedEntryWithoutTokenOrWithABlankNameStopsTheStartUp() throws Exception {
        yaml("""
                omniqueue.security.api-tokens:
                  - {name: marie}
                """);
        assertThatThrownBy(this::bind).rootCause().hasMessageContaining("'marie' has no token");

        StandardEnvironment other = new StandardEnvironment();
        other.getPropertySources().addFirst(new MapPropertySource("blank", Map.of(
                "omniqueue.security.api-tokens[0].name", " ", "omniqueue.security.api-tokens[0].token", "token-abcdefgh")));
        assertThatThrownBy(() -> Binder.get(other).bind("omniqueue.security", ApiSecuritySettings.class))
                .rootCause().hasMessageContaining("must not be blank");
    }

    @Test
    void tokensNeverShowInTheSettingsText() {
        assertThat(new ApiToken("marie", "secret-token-abcdefgh").toString()).contains("marie").doesNotContain("secret");
    }
}
