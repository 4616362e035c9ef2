package io.omniqueue.channel.kaufland;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omniqueue.support.TestChannels;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Demo mode's Kaufland channel, as written in config/channels-demo.yaml (on a free port instead of
 * 8095): its simulator starts with a backlog of German tickets and the connector imports them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KauflandDemoTest {

    @TempDir
    static Path dataDir;

    @Autowired
    JdbcClient jdbc;
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        TestChannels.register(registry, TestChannels.properties("http://127.0.0.1:9"));
        registry.add("spring.datasource.url", () -> TestChannels.h2File(dataDir, "kaufland-demo"));
        registry.add("omniqueue.demo.enabled", () -> "true");
        registry.add("omniqueue.demo.message-interval", () -> "1h");
        // The demo's web user, demo / demo.
        registry.add("omniqueue.security.users[0].username", () -> "demo");
        registry.add("omniqueue.security.users[0].password",
                () -> "{bcrypt}$2a$10$EPApPK3/4PU5g.ZcdJoD3u05XE4gO8YM4N0R9fsWnADIgutSSdEOO");
        registry.add("omniqueue.security.users[0].roles[0]", () -> "agent");
        registry.add("omniqueue.security.users[0].name", () -> "Demo Agent");
        var demo = (EnumerablePropertySource<?>) new YamlPropertySourceLoader()
                .load("demo", new FileSystemResource("config/channels-demo.yaml")).get(0);
        String entry = null;
        for (String name : demo.getPropertyNames()) {
            if (name.endsWith(".kind") && "kaufland".equals(String.valueOf(demo.getProperty(name)))) {
                entry = name.substring(0, name.length() - "kind".length());
            }
        }
        assertThat(entry).as("a kaufland channel in channels-demo.yaml").isNotNull();
        int port = freePort();
        for (String name : demo.getPropertyNames()) {
            if (name.startsWith(entry)) {
                String key = "omniqueue.channels[3]." + name.substring(entry.length());
                String value = String.valueOf(demo.getProperty(name));
                registry.add(key, () -> key.endsWith(".base-url") ? value.replace("${DEMO_KAUFLAND_PORT:8095}", "" + port) : value);
            }
        }
        registry.add("omniqueue.channels[3].schedule", () -> "0/1 * * * * ?");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void theDemoKauflandChannelImportsGermanTickets() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                "select count(*) from conversation where channel_id = 'kaufland-de'").query(Long.class).single() == 3);
        List<String> bodies = jdbc.sql("select body from message where channel_id = 'kaufland-de'").query(String.class).list();
        assertThat(bodies).allMatch(b -> b.matches(".*\\b(Das|Meine|Kann|Ich|ist|Sie)\\b.*"));
        Map<String, Object> conversation = jdbc.sql("select marketplace, order_id from conversation where channel_id = 'kaufland-de' "
                + "order by id limit 1").query().singleRow();
        assertThat(conversation.get("marketplace")).isEqualTo("kaufland.de");
        assertThat(String.valueOf(conversation.get("order_id"))).startsWith("KFL-");

        // The conversation page explains the working-day contract.
        long id = jdbc.sql("select min(id) from conversation where channel_id = 'kaufland-de'").query(Long.class).single();
        assertThat(signedInPage("/conversations/" + id)).contains("48 h counted on working days only (Europe/Berlin)");
    }

    String signedInPage(String path) throws Exception {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String base = "http://localhost:" + port;
        String login = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(login);
        assertThat(csrf.find()).as(login).isTrue();
        http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=demo&password=demo&_csrf=" + csrf.group(1))).build(),
                HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept-Language", "en").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return page.body();
    }
}
