package io.omniqueue.platform;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Refuses to start when a setting of a configuration file names an environment variable that is
 * not set and has no default ({@code token: ${OMNIQUEUE_OPS_TOKEN}}). Spring Boot binds such a
 * value as its literal text: an API token would be the text {@code ${OMNIQUEUE_OPS_TOKEN}}, which
 * anyone can read in the example, and a marketplace key or an alert address would only fail when
 * used. A setting that may stay empty is written {@code ${NAME:}}.
 *
 * <p>Runs after the configuration files are read (registered in {@code META-INF/spring.factories},
 * so every way of starting the application has it). It judges each file's setting by the value
 * in effect: a setting given again on the command line or in the environment wins over the file's.
 */
public class UnsetVariablesCheck implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        List<String> unset = new ArrayList<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof OriginTrackedMapPropertySource file)) {
                continue; // only the configuration files; the command line and the environment are taken as given
            }
            for (String name : file.getPropertyNames()) {
                if (file.getProperty(name) instanceof CharSequence text && text.toString().contains("${")) {
                    try {
                        // Resolves the value in effect, whichever source gives it; throws on a placeholder left unresolved.
                        environment.getProperty(name);
                    } catch (IllegalArgumentException e) {
                        Origin origin = file.getOrigin(name);
                        unset.add(name + " = " + text + (origin == null ? "" : " (" + origin + ")"));
                    }
                }
            }
        }
        if (!unset.isEmpty()) {
            throw new IllegalStateException("These settings name environment variables that are not set: set them, or give"
                    + " a default (${NAME:default}, ${NAME:} for empty):\n  " + String.join("\n  ", unset));
        }
    }

    @Override
    public int getOrder() {
        // After Spring Boot's own post-processors, the configuration files among them.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
