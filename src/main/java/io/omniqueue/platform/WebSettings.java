package io.omniqueue.platform;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code omniqueue.web}: where this service is reached by people, for links in mails. */
@ConfigurationProperties("omniqueue.web")
public record WebSettings(@DefaultValue("http://localhost:8080") URI baseUrl) {

    /** A link to a path of this service, e.g. {@code /api/conversations/7}. */
    public String link(String path) {
        return baseUrl.toString().replaceAll("/+$", "") + path;
    }
}
