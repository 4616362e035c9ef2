package io.omniqueue.web.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.omniqueue.channel.ChannelCursorStore;
import io.omniqueue.channel.ChannelState;
import io.omniqueue.platform.SqlTime;
import io.omniqueue.quarantine.Quarantine;
import io.omniqueue.quarantine.QuarantineEntry;
import io.omniqueue.quarantine.QuarantineQueries;
import io.omniqueue.support.Browser;
import io.omniqueue.support.TestChannels;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The operator pages in a real browser: channels (resume is for admins), quarantine (hostile
 * payloads stay text; discard is for admins), reports (the table and the chart), in both languages.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OperatorPagesBrowserTest {

    static final String HASH = SignInBrowserTest.HASH;
    static final String PASSWORD = SignInBrowserTest.PASSWORD;
    static final String AGENT = "marta";
    static final String ADMIN = "ana";

    static final List<String> HOSTILE = List.of(
            "<img src=x onerror=alert(1)>",
            "</pre><script>alert(1)</script>",
            "{\"subject\": \"<svg onload=alert(1)>\", \"href\": \"javascript:alert(1)\"}",
            "\"><iframe src=\"data:text/html,<script>alert(1)</script>\"></iframe>");

    @LocalServerPort
    int port;
    @Autowired
    ChannelCursorStore cursors;
    @Autowired
    Quarantine quarantine;
    @Autowired
    QuarantineQueries quarantined;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    io.omniqueue.conversation.ConversationAssignment assignment;
    @Autowired
    org.apache.camel.ProducerTemplate producer;
    /** Told of the history written below, as every writer of messages tells them (the reports keep their rows so). */
    @Autowired
    java.util.List<io.omniqueue.conversation.ConversationListener> conversationListeners;
    @Autowired
    Clock clock;

    WebDriver browser;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties("http://127.0.0.1:9"));
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:operator-pages;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        registry.add("omniqueue.security.users[0].username", () -> AGENT);
        registry.add("omniqueue.security.users[0].password", () -> HASH);
        registry.add("omniqueue.security.users[0].roles", () -> "agent");
        registry.add("omniqueue.security.users[1].username", () -> ADMIN);
        registry.add("omniqueue.security.users[1].password", () -> HASH);
        registry.add("omniqueue.security.users[1].roles", () -> "admin");
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    // ---------------------------------------------------------------- channels

    @Test
    void anAdminResumesAnUnauthorizedChannelAndSeesItActive() {
        Instant now = clock.instant();
        cursors.failed(TestChannels.WEB_SHOP, ChannelState.UNAUTHORIZED, "401 Unauthorized: the API key was refused",
                null, now);
        cursors.failed(TestChannels.PARIS_SHOP, ChannelState.BACKING_OFF, "503 Service Unavailable",
                now.plus(Duration.ofMinutes(5)), now);
        browser = Browser.start("en");
        signIn(ADMIN);

        browser.get(url("/channels"));
        WebElement row = channelRow(TestChannels.WEB_SHOP);
        assertThat(row.findElement(By.cssSelector(".state")).getText()).isEqualTo("Unauthorized");
        assertThat(row.getText()).contains("401 Unauthorized: the API key was refused");
        Browser.screenshot(browser, "channels-desktop");

        row.findElement(By.cssSelector("form.resume button")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElements(By.cssSelector(".notice")).size() == 1);
        assertThat(channelRow(TestChannels.WEB_SHOP).findElement(By.cssSelector(".state")).getText()).isEqualTo("Active");
        assertThat(cursors.load(TestChannels.WEB_SHOP).state()).isEqualTo(ChannelState.ACTIVE);
    }

    @Test
    void anAgentSeesNoResumeButtonAndAForgedResumeIsRefused() throws Exception {
        cursors.failed(TestChannels.PAGING_SHOP, ChannelState.UNAUTHORIZED, "401", null, clock.instant());
        browser = Browser.start("en");
        signIn(AGENT);

        browser.get(url("/channels"));
        WebElement row = channelRow(TestChannels.PAGING_SHOP);
        assertThat(row.findElement(By.cssSelector(".state")).getText()).isEqualTo("Unauthorized");
        assertThat(browser.findElements(By.cssSelector("form.resume"))).isEmpty();

        HttpResponse<String> forged = postAsBrowser("/channels/" + TestChannels.PAGING_SHOP + "/resume", "");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(cursors.load(TestChannels.PAGING_SHOP).state()).isEqualTo(ChannelState.UNAUTHORIZED);
    }

    // ---------------------------------------------------------------- quarantine

    @Test
    void hostilePayloadsAreShownAsTextNothingRunsAndAnAdminDiscardsWithAReason() {
        List<Long> ids = HOSTILE.stream().map(payload -> quarantine.rejectedPayload(TestChannels.WEB_SHOP,
                "test-source", payload, "unreadable: " + payload)).toList();
        browser = Browser.start("en");
        signIn(ADMIN);

        browser.get(url("/quarantine"));
        for (int i = 0; i < ids.size(); i++) {
            WebElement entry = browser.findElement(By.id("entry-" + ids.get(i)));
            entry.findElement(By.cssSelector("details.raw summary")).click();
            assertThat(entry.findElement(By.cssSelector("pre.payload")).getText()).isEqualTo(HOSTILE.get(i));
            assertThat(entry.findElement(By.cssSelector(".reason")).getText()).isEqualTo("unreadable: " + HOSTILE.get(i));
        }
        assertNothingRan();
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        Browser.screenshot(browser, "quarantine-desktop");

        long first = ids.get(0);
        browser.findElement(By.id("reason-" + first)).sendKeys("spam from a test <b>bot</b>");
        browser.findElement(By.cssSelector("#entry-" + first + " form.discard button")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("outcome")).isEmpty());
        assertThat(browser.findElement(By.id("outcome")).getText())
                .contains("Entry " + first + " was discarded").contains("spam from a test <b>bot</b>");
        assertThat(browser.findElements(By.id("entry-" + first))).as("gone from the open list").isEmpty();
        QuarantineEntry discarded = quarantined.find(first);
        assertThat(discarded.status()).isEqualTo(QuarantineEntry.Status.DISCARDED);
        assertThat(discarded.discardedBy()).isEqualTo(ADMIN);

        browser.findElement(By.cssSelector(".toggle a")).click();
        assertThat(browser.findElement(By.id("entry-" + first)).getAttribute("data-status")).isEqualTo("DISCARDED");
        assertNothingRan();
    }

    @Test
    void aRetryThatIsStillRefusedSaysWhyAndAClosedEntryAnswersConflict() throws Exception {
        long id = quarantine.rejectedPayload(TestChannels.WEB_SHOP, "test-source", "{\"broken\": true}", "no thread id");
        browser = Browser.start("en");
        signIn(ADMIN);

        browser.get(url("/quarantine"));
        browser.findElement(By.id("correction-" + id)).sendKeys("{\"fixed\": true}");
        browser.findElement(By.cssSelector("#entry-" + id + " form.retry button")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("outcome")).isEmpty());
        assertThat(browser.findElement(By.id("outcome")).getAttribute("data-outcome")).isEqualTo("refused");
        assertThat(browser.findElement(By.id("outcome")).getText()).contains("still refused").contains("test-source");
        assertThat(quarantined.find(id).attempts()).isEqualTo(2);

        HttpResponse<String> first = postAsBrowser("/quarantine/" + id + "/discard", "reason=done");
        assertThat(first.statusCode()).as("redirected back to the list").isEqualTo(302);
        HttpResponse<String> again = postAsBrowser("/quarantine/" + id + "/discard", "reason=twice");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("already closed");
    }

    @Test
    void anAgentSeesTheQuarantineButCannotRetryOrDiscard() throws Exception {
        long id = quarantine.rejectedPayload(TestChannels.WEB_SHOP, "test-source", "<b>x</b>", "bad");
        browser = Browser.start("en");
        signIn(AGENT);

        browser.get(url("/quarantine"));
        assertThat(browser.findElement(By.id("entry-" + id)).getText()).contains("bad");
        assertThat(browser.findElements(By.cssSelector("form.retry, form.discard"))).isEmpty();

        assertThat(postAsBrowser("/quarantine/" + id + "/discard", "reason=mine").statusCode()).isEqualTo(403);
        assertThat(postAsBrowser("/quarantine/" + id + "/retry", "").statusCode()).isEqualTo(403);
        assertThat(quarantined.find(id).status()).isEqualTo(QuarantineEntry.Status.OPEN);
        assertThat(quarantined.find(id).attempts()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- reports

    @Test
    void reportsPageShowsTheTableAndDrawsTheDailyChart() {
        writeHistory();
        browser = Browser.start("en");
        signIn(AGENT);

        browser.get(url("/reports?days=30"));
        WebElement parisRow = browser.findElements(By.cssSelector("#sla tbody tr")).stream()
                .filter(r -> r.getText().startsWith(TestChannels.PARIS_SHOP)).findFirst().orElseThrow();
        assertThat(parisRow.findElements(By.tagName("td")).get(2).getText()).as("customer messages").isEqualTo("20");
        assertThat(parisRow.getText()).contains("%");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !browser.findElements(By.cssSelector("#daily-chart canvas")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("#daily-chart")).getText()).contains("Late response rate (%)");
        Browser.screenshot(browser, "reports-desktop");

        Browser.phone(browser);
        browser.navigate().refresh();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !browser.findElements(By.cssSelector("#daily-chart canvas")).isEmpty());
        Object pageWidth = ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth");
        assertThat(((Number) pageWidth).intValue()).as("the table scrolls inside its box, not the page").isLessThanOrEqualTo(390);
        Browser.screenshot(browser, "reports-phone");
    }

    @Test
    void reportsPageShowsEachAgentsDay() {
        String thread = "agents-day-" + java.util.UUID.randomUUID();
        long id = producer.requestBody("direct:ingest", io.omniqueue.conversation.InboundMessage.fromCustomer(
                TestChannels.WEB_SHOP, thread, thread, "Ana", null, "Hi", "Where is it?", clock.instant(), null),
                io.omniqueue.conversation.IngestResult.class).conversationId();
        assignment.assign(id, AGENT, ADMIN);
        browser = Browser.start("en");
        signIn(AGENT);
        browser.get(url("/reports"));
        WebElement row = browser.findElements(By.cssSelector("#agents tbody tr")).stream()
                .filter(r -> r.getText().startsWith(AGENT)).findFirst().orElseThrow();
        assertThat(row.findElements(By.tagName("td")).get(0).getText()).as("open assigned").isEqualTo("1");
    }

    @Test
    void theDailySeriesNeedsASignedInSession() throws Exception {
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url("/reports/daily.json"))).build(), HttpResponse.BodyHandlers.ofString());
        // Not a page: no redirect to the sign-in form, just refused, and no figures.
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("lateResponseRate");
    }

    // ---------------------------------------------------------------- languages

    @Test
    void theOperatorPagesSpeakSpanishAndEnglish() {
        browser = Browser.start("es");
        signIn(AGENT);
        browser.get(url("/channels"));
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("es");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Canales");
        assertThat(browser.findElement(By.cssSelector("#channels thead")).getText()).contains("Próxima consulta");
        browser.get(url("/quarantine"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Cuarentena");
        browser.get(url("/reports"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Informes");
        assertThat(browser.findElement(By.cssSelector("#sla thead")).getText()).contains("Tasa de respuesta tardía");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> browser.findElement(By.cssSelector("#daily-chart")).getText().contains("Respuesta mediana (h)"));

        browser.get(url("/reports?lang=en"));
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Reports");
        browser.get(url("/channels"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Channels");
    }

    // ---------------------------------------------------------------- helpers

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    void signIn(String user) {
        browser.get(url("/login"));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.getCurrentUrl().contains("/login"));
    }

    WebElement channelRow(String id) {
        return browser.findElement(By.cssSelector("#channels tr[data-channel='" + id + "']"));
    }

    /** A form post forged outside the page, with the signed-in browser's session and the page's CSRF token. */
    HttpResponse<String> postAsBrowser(String path, String form) throws Exception {
        String session = browser.manage().getCookieNamed("JSESSIONID").getValue();
        String token = browser.findElement(By.cssSelector("meta[name=_csrf]")).getAttribute("content");
        String body = "_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + (form.isEmpty() ? "" : "&" + form);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Cookie", "JSESSIONID=" + session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    void assertNothingRan() {
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        Object injected = ((JavascriptExecutor) browser).executeScript(
                "return document.querySelectorAll('main script, main img, main iframe, main svg').length");
        assertThat(((Number) injected).intValue()).as("no element came from a payload").isZero();
    }

    /**
     * Twenty customer messages on paris-shop (contract 24 h), one a day for the last twenty days,
     * answered after 2 to 40 hours: some days late, some on time, so the chart has both lines.
     */
    void writeHistory() {
        Instant now = clock.instant();
        for (int day = 1; day <= 20; day++) {
            Instant sent = now.minus(Duration.ofDays(day)).minus(Duration.ofHours(3));
            long conversation = conversation(TestChannels.PARIS_SHOP);
            message(conversation, TestChannels.PARIS_SHOP, "INBOUND", "CUSTOMER", sent, true);
            long after = (day * 7L) % 41 + 2;
            message(conversation, TestChannels.PARIS_SHOP, "OUTBOUND", "SHOP", sent.plus(Duration.ofHours(after)), false);
            conversationListeners.forEach(listener -> listener.changed(conversation));
        }
    }

    long conversation(String channel) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into conversation (channel_id, external_thread_id, status, created_at, marketplace)
                values (:channel, :thread, 'WAITING_CUSTOMER', :at, 'shop')""")
                .param("channel", channel)
                .param("thread", "thread-" + UUID.randomUUID())
                .param("at", SqlTime.param(Instant.EPOCH))
                .update(keys, "id");
        return ((Number) keys.getKeyList().get(0).get("id")).longValue();
    }

    void message(long conversation, String channel, String direction, String role, Instant sentAt, boolean startsClock) {
        jdbc.sql("""
                insert into message (conversation_id, channel_id, external_message_id, direction, author_role, body,
                                     sent_at, received_at, starts_clock, clock_start_at)
                values (:c, :channel, :external, :direction, :role, 'text', :at, :at, :starts, :clockStart)""")
                .param("c", conversation)
                .param("channel", channel)
                .param("external", "message-" + UUID.randomUUID())
                .param("direction", direction)
                .param("role", role)
                .param("at", SqlTime.param(sentAt))
                .param("starts", startsClock)
                .param("clockStart", startsClock ? SqlTime.param(sentAt) : null)
                .update();
    }
}
