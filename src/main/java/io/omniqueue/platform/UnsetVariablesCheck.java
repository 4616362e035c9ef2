package io.omniqueue.platform;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
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
 * so every way of starting the application has it). A setting is judged by the value in effect:
 * one given again on the command line, in the environment or in a file read before wins, and a
 * list given there replaces the file's list whole ({@code --omniqueue.security.api-tokens=a,b}).
 * The message names the settings, their files and the variables, never the rest of the value (it
 * may hold a secret written beside the variable).
 */
public class UnsetVariablesCheck implements EnvironmentPostProcessor, Ordered {

    /** A placeholder without a default: {@code ${NAME}}. */
    private static final Pattern REQUIRED = Pattern.compile("\\$\\{([^:}${]+)}");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        List<String> unset = new ArrayList<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof OriginTrackedMapPropertySource file)) {
                continue; // only the configuration files; the command line and the environment are taken as given
            }
            for (String name : file.getPropertyNames()) {
                String value = file.getProperty(name) instanceof CharSequence text ? text.toString() : null;
                if (value != null && value.contains("${") && !givenAhead(environment, file, name)) {
                    try {
                        // This file's value is the one in effect: each of its placeholders must resolve.
                        environment.resolveRequiredPlaceholders(value);
                    } catch (IllegalArgumentException e) {
                        Origin origin = file.getOrigin(name);
                        unset.add(name + " needs " + variables(value, environment)
                                + (origin == null ? "" : " (" + origin + ")"));
                    }
                }
            }
        }
        if (!unset.isEmpty()) {
            throw new IllegalStateException("These settings name environment variables that are not set: set them, or give"
                    + " a default (${NAME:default}, ${NAME:} for empty):\n  " + String.join("\n  ", unset));
        }
    }

    /**
     * Whether a source read before this file gives this setting, so that this file's value is not
     * the one in effect: the setting itself, settings below it (a list given entry by entry where
     * this file gives it as one value), or, for an entry of a list ({@code a.b[0].c}), that list:
     * Spring Boot binds a list whole from the first source that has it.
     */
    private static boolean givenAhead(ConfigurableEnvironment environment, PropertySource<?> file, String name) {
        ConfigurationPropertyName setting = ConfigurationPropertyName.isValid(name) ? ConfigurationPropertyName.of(name) : null;
        int bracket = name.indexOf('[');
        ConfigurationPropertyName list = bracket > 0 && ConfigurationPropertyName.isValid(name.substring(0, bracket))
                ? ConfigurationPropertyName.of(name.substring(0, bracket)) : null;
        for (PropertySource<?> ahead : environment.getPropertySources()) {
            if (ahead == file) {
                return false;
            }
            if (ConfigurationPropertySources.isAttachedConfigurationPropertySource(ahead)) {
                continue; // the view over every source, this file included
            }
            ConfigurationPropertySource view = ConfigurationPropertySource.from(ahead);
            if (view == null) {
                if (ahead.containsProperty(name)) {
                    return true;
                }
            } else if (gives(view, setting) || gives(view, list)) {
                return true;
            }
        }
        return false;
    }

    private static boolean gives(ConfigurationPropertySource view, ConfigurationPropertyName name) {
        return name != null && (view.getConfigurationProperty(name) != null
                || view.containsDescendantOf(name) == ConfigurationPropertyState.PRESENT);
    }

    /** The variables a value names without a default that nothing gives, or the value's placeholders if none stand out. */
    private static String variables(String value, ConfigurableEnvironment environment) {
        Set<String> missing = new LinkedHashSet<>();
        Matcher m = REQUIRED.matcher(value);
        while (m.find()) {
            if (!environment.containsProperty(m.group(1).strip())) {
                missing.add(m.group(1).strip());
            }
        }
        return missing.isEmpty() ? "a placeholder that cannot be resolved" : String.join(", ", missing);
    }

    @Override
    public int getOrder() {
        // After Spring Boot's own post-processors, the configuration files among them.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
