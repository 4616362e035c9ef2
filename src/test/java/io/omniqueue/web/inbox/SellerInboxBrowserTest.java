package io.omniqueue.web.inbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.omniqueue.conversation.AuthorRole;
import io.omniqueue.conversation.ConversationQueries;
import io.omniqueue.conversation.ConversationStatus;
import io.omniqueue.conversation.Direction;
import io.omniqueue.conversation.InboundAttachment;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.conversation.IngestResult;
import io.omniqueue.support.Browser;
import io.omniqueue.support.MutableClock;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The seller's inbox in a real browser: the queue, a conversation, a reply through a webhook
 * channel (WireMock plays the receiver), hostile customer text, both languages, a phone's width.
 * Each test seeds its own marketplace, so that the tests do not see each other's conversations.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfiguration.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SellerInboxBrowserTest {

    static final WireMockServer receiver = new WireMockServer(options().dynamicPort());
    /** The host every hostile payload points at: it must never hear from the browser. */
    static final WireMockServer attacker = new WireMockServer(options().dynamicPort());

    static {
        receiver.start();
        attacker.start();
    }

    @LocalServerPort
    int port;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    MutableClock clock;
    @Autowired
    ConversationQueries conversations;
    WebDriver browser;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties(receiver.baseUrl()));
        registry.add("spring.datasource.url",
                () -> "jdbc:h2:mem:seller-inbox;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        registry.add("omniqueue.security.users[0].username", () -> "marta");
        registry.add("omniqueue.security.users[0].password", () -> SignInBrowserTest.HASH);
        registry.add("omniqueue.security.users[0].roles", () -> "agent");
        registry.add("omniqueue.security.users[0].name", () -> "Marta Ruiz");
        registry.add("omniqueue.security.users[1].username", () -> "jon");
        registry.add("omniqueue.security.users[1].password", () -> SignInBrowserTest.HASH);
        registry.add("omniqueue.security.users[1].roles", () -> "agent");
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @AfterAll
    static void stopServers() {
        receiver.stop();
        attacker.stop();
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    void signIn(String language) {
        browser = Browser.start(language);
        browser.get(url("/login"));
        browser.findElement(By.id("username")).sendKeys("marta");
        browser.findElement(By.id("password")).sendKeys(SignInBrowserTest.PASSWORD);
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.getCurrentUrl().contains("/login"));
    }

    long customerWrites(String channel, String marketplace, String name, String subject, String body, Duration ago,
                        String orderId) {
        return ingest(new InboundMessage(channel, "t-" + UUID.randomUUID(), "m-" + UUID.randomUUID(), Direction.INBOUND,
                AuthorRole.CUSTOMER, name, null, subject, body, clock.instant().minus(ago), orderId, true, null, List.of(),
                null, null, marketplace));
    }

    long ingest(InboundMessage message) {
        IngestResult result = camel.requestBody("direct:ingest", message, IngestResult.class);
        assertThat(result.isQuarantined()).as("ingested, not quarantined").isFalse();
        return result.conversationId();
    }

    List<String> subjectsInQueue() {
        return browser.findElements(By.cssSelector(".queue-row .subject")).stream().map(WebElement::getText).toList();
    }

    @Test
    @Order(1)
    void queueAndConversationFitAPhoneWidthWithoutSideways() {
        // A thread with both sides: the customer asked, the shop answered, the customer wrote again.
        Instant now = clock.instant();
        long lucia = ingest(new InboundMessage(TestChannels.WEB_SHOP, "screens-1", "screens-1a", Direction.INBOUND,
                AuthorRole.CUSTOMER, "Lucía Gómez", null, "¿Dónde está mi pedido?",
                "Hola, pedí unas zapatillas hace una semana y todavía no han llegado. ¿Me podéis decir algo?",
                now.minus(Duration.ofHours(30)), "402-1234567-7654321", true, null, List.of(), null, null, "amazon.es"));
        ingest(new InboundMessage(TestChannels.WEB_SHOP, "screens-1", "screens-1b", Direction.OUTBOUND, AuthorRole.SHOP,
                "Marta Ruiz", null, null, "Hola Lucía: el pedido salió ayer con SEUR; te llegará mañana.",
                now.minus(Duration.ofHours(29)), "402-1234567-7654321", false, null, List.of(), null, null, "amazon.es"));
        ingest(new InboundMessage(TestChannels.WEB_SHOP, "screens-1", "screens-1c", Direction.INBOUND,
                AuthorRole.CUSTOMER, "Lucía Gómez", null, "¿Dónde está mi pedido?",
                "Sigue sin llegar y el seguimiento no cambia desde el martes.",
                now.minus(Duration.ofHours(21)), "402-1234567-7654321", true, null, List.of(), null, null, "amazon.es"));
        ingest(new InboundMessage(TestChannels.WEB_SHOP, "screens-2", "screens-2a", Direction.INBOUND, AuthorRole.CUSTOMER,
                "Jean Dupont", null, "Colis abîmé", "Bonjour, le colis est arrivé abîmé, voici une photo.",
                clock.instant().minus(Duration.ofHours(8)), "FR-88213", true, null,
                List.of(new InboundAttachment("screens-photo", "colis.jpg", 48_211L, "image/jpeg",
                        new byte[] {(byte) 0xFF, (byte) 0xD8})), null, null, "carrefour-fr"));
        customerWrites(TestChannels.PARIS_SHOP, "shop", "Anna Schmidt", "Invoice for my order",
                "Could you send me an invoice with my company's VAT number?", Duration.ofMinutes(40), "SHOP-1009");
        customerWrites(TestChannels.WEB_SHOP, "amazon.es", "Pedro Martín", "Devolución", "Quiero devolver la talla 42.",
                Duration.ofHours(26), "402-9999999-1111111");

        signIn("en");
        browser.get(url("/"));
        assertThat(subjectsInQueue()).hasSizeGreaterThanOrEqualTo(4);
        Browser.screenshot(browser, "queue-desktop");
        browser.get(url("/conversations/" + lucia));
        Browser.screenshot(browser, "conversation-desktop");

        Browser.phone(browser);
        browser.get(url("/"));
        assertThat(scrollWidth()).as("queue at 390 px").isLessThanOrEqualTo(390);
        Browser.screenshot(browser, "queue-phone");
        browser.get(url("/conversations/" + lucia));
        Browser.screenshot(browser, "conversation-phone");
        assertThat(scrollWidth()).as("conversation at 390 px; wider: " + ((JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > 390)"
                        + ".map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')"))
                .isLessThanOrEqualTo(390);
    }

    long scrollWidth() {
        return ((Number) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth")).longValue();
    }

    @Test
    @Order(2)
    void theSeededQueueShowsTheEarliestDeadlineFirst() {
        customerWrites(TestChannels.WEB_SHOP, "order-test", "A", "an hour ago", "x", Duration.ofHours(1), null);
        customerWrites(TestChannels.WEB_SHOP, "order-test", "B", "five hours ago", "x", Duration.ofHours(5), null);
        customerWrites(TestChannels.WEB_SHOP, "order-test", "C", "three hours ago", "x", Duration.ofHours(3), null);

        signIn("en");
        browser.get(url("/?marketplace=order-test"));
        assertThat(subjectsInQueue()).containsExactly("five hours ago", "three hours ago", "an hour ago");
        assertThat(browser.findElement(By.cssSelector(".count-card[data-marketplace='order-test']")).getText())
                .contains("3 open");

        // j j k selects the first row, which stays selected when the queue refreshes itself
        browser.findElement(By.tagName("body")).sendKeys("j", "j", "k");
        String selected = browser.findElement(By.cssSelector(".queue-row.selected")).getAttribute("data-id");
        WebElement before = browser.findElement(By.cssSelector(".queue-row.selected"));
        ((JavascriptExecutor) browser).executeScript("var live = document.getElementById('live');"
                + "htmx.ajax('GET', live.getAttribute('hx-get'), {target: live, swap: 'outerHTML'});");
        await().atMost(Duration.ofSeconds(5)).until(() -> isStale(before));
        assertThat(browser.findElement(By.cssSelector(".queue-row.selected")).getAttribute("data-id")).isEqualTo(selected);
        assertThat(subjectsInQueue().get(0)).isEqualTo("five hours ago");

        // ? shows the shortcuts, Esc closes them
        browser.findElement(By.tagName("body")).sendKeys("?");
        assertThat(browser.findElement(By.id("shortcuts")).isDisplayed()).isTrue();
        browser.findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
        await().atMost(Duration.ofSeconds(5)).until(() -> !browser.findElement(By.id("shortcuts")).isDisplayed());

        // Enter opens the selected conversation
        browser.findElement(By.tagName("body")).sendKeys(Keys.ENTER);
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("/conversations/"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("five hours ago");
    }

    @Test
    @Order(3)
    void aCountdownTurnsAmberInsideTheWarningLeadAndRedOnceBreached() {
        // web-shop: 24 h contract, first warning 4 h before; due in 5 h
        customerWrites(TestChannels.WEB_SHOP, "countdown-test", "Clock", "countdown", "x", Duration.ofHours(19), null);
        signIn("en");
        browser.get(url("/?marketplace=countdown-test"));
        await().atMost(Duration.ofSeconds(5)).until(() -> countdownClass().contains("due-ok"));

        clock.advance(Duration.ofMinutes(90));
        browser.navigate().refresh();
        await().atMost(Duration.ofSeconds(5)).until(() -> countdownClass().contains("due-warn"));

        clock.advance(Duration.ofHours(4));
        browser.navigate().refresh();
        await().atMost(Duration.ofSeconds(5)).until(() -> countdownClass().contains("due-breached"));
        assertThat(browser.findElement(By.cssSelector(".queue-row [data-due]")).getText()).startsWith("+");
    }

    static boolean isStale(WebElement element) {
        try {
            element.getTagName();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return true;
        }
    }

    String countdownClass() {
        return browser.findElement(By.cssSelector(".queue-row [data-due]")).getAttribute("class");
    }

    @Test
    @Order(4)
    void anAgentTakesAConversationAndHerReplyIsHeldWhenTheCustomerWroteMeanwhile() {
        // Its own channel: the reply's external id is unique per channel, and another test sends on web-shop.
        receiver.stubFor(post(urlEqualTo("/paris")).willReturn(aResponse().withStatus(200)));
        String thread = "t-" + UUID.randomUUID();
        long id = ingest(new InboundMessage(TestChannels.PARIS_SHOP, thread, "m-" + UUID.randomUUID(), Direction.INBOUND,
                AuthorRole.CUSTOMER, "Pau Vidal", null, "Team subject", "Where is it?", clock.instant().minus(Duration.ofHours(1)),
                "ORD-9", true, null, List.of(), null, null, "team-test"));
        signIn("en");
        browser.get(url("/conversations/" + id));
        assertThat(browser.findElement(By.cssSelector(".assignment")).getText()).contains("Nobody is on it");

        // t takes it
        // The key works once the page's script has run; once taken, t does nothing more.
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
            if (!browser.findElement(By.cssSelector(".assignment")).getText().contains("Assigned to marta")) {
                browser.findElement(By.tagName("body")).sendKeys("t");
            }
            return browser.findElement(By.cssSelector(".assignment")).getText().contains("Assigned to marta");
        });
        assertThat(browser.findElement(By.cssSelector(".events")).getText()).contains("Clock started", "Taken", "marta");
        browser.get(url("/?marketplace=team-test&assignee=me"));
        assertThat(subjectsInQueue()).containsExactly("Team subject");
        // her name as the assignee, and as who is viewing it (she just did)
        assertThat(browser.findElement(By.cssSelector(".queue-row .assignee > span:first-child")).getText()).isEqualTo("marta");
        browser.get(url("/?marketplace=team-test&assignee=none"));
        assertThat(subjectsInQueue()).isEmpty();

        // another agent (an API token here) typing in it shows within seconds
        browser.get(url("/conversations/" + id));
        io.omniqueue.support.Api.Response beat = new io.omniqueue.support.Api(port).send("PUT",
                "/api/conversations/" + id + "/presence", "{\"typing\":true}", java.util.Map.of("Authorization", "Bearer " + TestChannels.TOKEN));
        assertThat(beat.status()).as(beat.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() ->
                browser.findElement(By.id("presence")).getText().contains("api-token-1 (typing"));
        browser.get(url("/?marketplace=team-test"));
        assertThat(browser.findElement(By.cssSelector(".queue-row .assignee")).getText()).contains("api-token-1 (typing", "marta (viewing)");
        browser.get(url("/conversations/" + id));

        // while she writes, the customer writes again: her reply is held, the new message marked, her text kept
        browser.findElement(By.id("reply-body")).sendKeys("It left the warehouse yesterday.");
        // Send is off until the channel's verdict on the text is in
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() ->
                browser.findElement(By.id("limits")).getText().contains("32 characters"));
        await().atMost(Duration.ofSeconds(5)).until(() -> browser.findElement(By.id("send")).isEnabled());
        ingest(new InboundMessage(TestChannels.PARIS_SHOP, thread, "m-" + UUID.randomUUID(), Direction.INBOUND,
                AuthorRole.CUSTOMER, "Pau Vidal", null, "Team subject", "Never mind, it arrived!", clock.instant(),
                "ORD-9", true, null, List.of(), null, null, "team-test"));
        browser.findElement(By.id("send")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.cssSelector(".held")).isEmpty());
        assertThat(browser.findElement(By.cssSelector(".message.newer")).getText()).contains("Never mind, it arrived!");
        assertThat(browser.findElement(By.id("reply-body")).getAttribute("value")).isEqualTo("It left the warehouse yesterday.");
        assertThat(browser.findElements(By.cssSelector(".message.from-shop"))).isEmpty();

        browser.findElement(By.id("send-anyway")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.cssSelector(".message.from-shop")).isEmpty());
        assertThat(browser.findElement(By.cssSelector(".events")).getText()).contains("Replied");
    }

    @Test
    void anAgentTakesFromTheQueueWithTAndGivesTheConversationToAColleague() {
        long id = ingest(new InboundMessage(TestChannels.PARIS_SHOP, "t-" + UUID.randomUUID(), "m-" + UUID.randomUUID(),
                Direction.INBOUND, AuthorRole.CUSTOMER, "Iria Pazos", null, "Take me", "Hello?",
                clock.instant().minus(Duration.ofMinutes(10)), null, true, null, List.of(), null, null, "take-test"));
        signIn("en");
        browser.get(url("/?marketplace=take-test"));
        // The keys work once the page's script has run: press j until a row is selected.
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            browser.findElement(By.tagName("body")).sendKeys("j");
            return !browser.findElements(By.cssSelector(".queue-row.selected")).isEmpty();
        });
        browser.findElement(By.tagName("body")).sendKeys("t");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> browser.findElement(By.cssSelector(".queue-row .assignee")).getText().contains("marta"));
        assertThat(browser.getCurrentUrl()).as("still in the queue").doesNotContain("/conversations/");

        browser.get(url("/conversations/" + id));
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("assign-agent"))).selectByValue("jon");
        browser.findElement(By.id("assign")).click();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> browser.findElement(By.cssSelector(".assignment")).getText().contains("Assigned to jon"));
        assertThat(browser.findElement(By.cssSelector(".events")).getText()).contains("Assigned", "jon");

        // The queue filters by a colleague's name too.
        browser.get(url("/?marketplace=take-test&assignee=jon"));
        assertThat(subjectsInQueue()).containsExactly("Take me");
        assertThat(new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("filter-assignee")))
                .getFirstSelectedOption().getText()).isEqualTo("jon");
        browser.get(url("/?marketplace=take-test&assignee=marta"));
        assertThat(subjectsInQueue()).isEmpty();
    }

    @Test
    void twoAgentsOnOneConversationSeeEachOtherAndTheSecondReplyIsHeldOverTheFirst() {
        receiver.stubFor(post(urlEqualTo("/paris")).willReturn(aResponse().withStatus(200)));
        String thread = "t-" + UUID.randomUUID();
        long id = ingest(new InboundMessage(TestChannels.PARIS_SHOP, thread, "m-" + UUID.randomUUID(), Direction.INBOUND,
                AuthorRole.CUSTOMER, "Pau Vidal", null, "Two agents", "Can I change the size?",
                clock.instant().minus(Duration.ofMinutes(30)), "ORD-12", true, null, List.of(), null, null, "two-agents"));
        signIn("en");
        WebDriver jon = Browser.start("en");
        try {
            jon.get(url("/login"));
            jon.findElement(By.id("username")).sendKeys("jon");
            jon.findElement(By.id("password")).sendKeys(SignInBrowserTest.PASSWORD);
            jon.findElement(By.cssSelector("main form button[type=submit]")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> !jon.getCurrentUrl().contains("/login"));
            browser.get(url("/conversations/" + id));
            jon.get(url("/conversations/" + id));

            // Each sees the other within seconds (presence is kept in the database, renewed by each page).
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
                    .until(() -> browser.findElement(By.id("presence")).getText().contains("jon"));
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
                    .until(() -> jon.findElement(By.id("presence")).getText().contains("marta"));

            // Both start from the same message; Jon sends first.
            browser.findElement(By.id("reply-body")).sendKeys("Yes, which size would you like?");
            jon.findElement(By.id("reply-body")).sendKeys("Sure, size M is in stock.");
            await().atMost(Duration.ofSeconds(5)).until(() -> jon.findElement(By.id("send")).isEnabled());
            jon.findElement(By.id("send")).click();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !jon.findElements(By.cssSelector(".message.from-shop")).isEmpty());

            // Marta's send is held, with Jon's reply shown as what is new, and her text kept.
            await().atMost(Duration.ofSeconds(5)).until(() -> browser.findElement(By.id("send")).isEnabled());
            browser.findElement(By.id("send")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.cssSelector(".held")).isEmpty());
            assertThat(browser.findElement(By.cssSelector(".message.newer")).getText()).contains("Sure, size M is in stock.");
            assertThat(browser.findElement(By.id("reply-body")).getAttribute("value")).isEqualTo("Yes, which size would you like?");
        } finally {
            jon.quit();
        }
    }

    @Test
    @Order(4)
    void anAgentAnswersWithATemplateAndSeesItSent() {
        receiver.stubFor(post(urlEqualTo("/callback")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"messageId\":\"wh-4711\"}")));
        long id = customerWrites(TestChannels.WEB_SHOP, "reply-test", "Lucía Gómez", "Where is my order?",
                "It has been a week.", Duration.ofHours(2), "ORD-77");
        signIn("en");
        browser.get(url("/?marketplace=reply-test"));
        browser.findElement(By.linkText("Where is my order?")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("/conversations/" + id));
        assertThat(browser.findElement(By.cssSelector(".why")).getText()).contains("Clock started", "Lucía Gómez", "24 h");

        // r focuses the reply box; "/thanks" then Tab puts the template in, filled in
        browser.findElement(By.tagName("body")).sendKeys("r");
        WebElement box = browser.findElement(By.id("reply-body"));
        assertThat(browser.switchTo().activeElement()).isEqualTo(box);
        box.sendKeys("/thanks", Keys.TAB);
        assertThat(box.getAttribute("value")).contains("Hello Lucía Gómez", "order ORD-77", "Marta Ruiz");
        // the list offers the same templates, English (the page's language) first
        assertThat(new Select(browser.findElement(By.id("template-choice"))).getOptions().get(1).getText())
                .isEqualTo("thanks (en)");
        WebElement send = browser.findElement(By.id("send"));
        // the channel's verdict on the text as it now stands: its length, and no problem
        String length = box.getAttribute("value").length() + " characters";
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> browser.findElement(By.id("limits")).getText().contains(length));
        assertThat(send.isEnabled()).isTrue();
        send.click();

        await().atMost(Duration.ofSeconds(20)).until(() -> !browser.findElements(
                By.cssSelector(".delivery[data-reply-status='SENT']")).isEmpty());
        assertThat(browser.findElement(By.cssSelector(".delivery")).getText()).contains("Sent", "wh-4711");
        receiver.verify(postRequestedFor(urlEqualTo("/callback")).withRequestBody(containing("Hello Lucía Gómez"))
                .withRequestBody(containing("ORD-77")));
        // The trail says which template was used, though it was typed as /thanks rather than picked from the list.
        browser.navigate().refresh();
        assertThat(browser.findElement(By.cssSelector(".events")).getText()).contains("template 'thanks'");
    }

    @Test
    @Order(4)
    void aRefusedReplyShowsWhyAndIsSentAgainOnRetry() {
        var thread = com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.threadId",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo("retry-thread"));
        receiver.stubFor(post(urlEqualTo("/callback")).withRequestBody(thread)
                .willReturn(aResponse().withStatus(422).withBody("unknown order")));
        long id = ingest(InboundMessage.fromCustomer(TestChannels.WEB_SHOP, "retry-thread", "retry-1", "Rosa", null,
                "Refund?", "Where is my refund?", clock.instant().minus(Duration.ofHours(1)), "ORD-9"));
        signIn("en");
        browser.get(url("/conversations/" + id));
        WebElement box = browser.findElement(By.id("reply-body"));
        box.sendKeys("Your refund left today.");
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> browser.findElement(By.id("limits")).getText()
                .contains("23 characters"));
        browser.findElement(By.id("send")).click();
        await().atMost(Duration.ofSeconds(20)).until(() -> !browser.findElements(
                By.cssSelector(".delivery[data-reply-status='FAILED']")).isEmpty());
        assertThat(browser.findElement(By.cssSelector(".delivery")).getText()).contains("Not delivered", "422", "unknown order");

        receiver.stubFor(post(urlEqualTo("/callback")).withRequestBody(thread)
                .willReturn(aResponse().withStatus(200).withBody("{\"id\":\"wh-retry\"}")));
        browser.findElement(By.cssSelector(".delivery button")).click();
        await().atMost(Duration.ofSeconds(20)).until(() -> !browser.findElements(
                By.cssSelector(".delivery[data-reply-status='SENT']")).isEmpty());
        assertThat(browser.findElement(By.cssSelector(".delivery[data-reply-status='SENT']")).getText()).contains("wh-retry");
        receiver.verify(2, postRequestedFor(urlEqualTo("/callback")).withRequestBody(thread)
                .withRequestBody(containing("Your refund left today.")));
    }

    @Test
    @Order(5)
    void aReplyOverTheChannelsLimitCannotBeSent() throws IOException {
        long id = customerWrites(TestChannels.WEB_SHOP, "limit-test", "L", "limit", "x", Duration.ofHours(1), null);
        signIn("en");
        browser.get(url("/conversations/" + id));
        WebElement box = browser.findElement(By.id("reply-body"));
        box.sendKeys("x".repeat(150));
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> browser.findElement(By.id("limits")).getText()
                .contains("50 left"));
        box.sendKeys("x".repeat(51)); // web-shop takes 200 characters
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> browser.findElement(By.id("limits")).getText()
                .contains("takes at most 200"));
        assertThat(browser.findElement(By.id("limits")).getText()).contains("1 too many");
        assertThat(browser.findElement(By.id("send")).isEnabled()).isFalse();

        // files are counted and sized as they are chosen; this channel takes none, and says so
        box.clear();
        box.sendKeys("Here is the label.");
        Path label = Files.createTempFile("label", ".pdf");
        Files.write(label, new byte[2048]);
        browser.findElement(By.id("reply-files")).sendKeys(label.toAbsolutePath().toString());
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> browser.findElement(By.id("limits")).getText()
                .contains("1 file(s), 2.0 KB"));
        assertThat(browser.findElement(By.id("limits")).getText()).contains("webhook channels take no attachments");
        assertThat(browser.findElement(By.id("send")).isEnabled()).isFalse();
    }

    @Test
    @Order(6)
    void noReplyNeededWithAReasonStopsTheClock() {
        long id = customerWrites(TestChannels.WEB_SHOP, "no-reply-test", "Grateful", "Thanks!", "All good, thank you.",
                Duration.ofHours(1), null);
        signIn("en");
        browser.get(url("/conversations/" + id));
        browser.findElement(By.tagName("body")).sendKeys("n");
        WebElement reason = browser.findElement(By.id("no-reply-reason"));
        assertThat(browser.switchTo().activeElement()).isEqualTo(reason);
        reason.sendKeys("The customer only says thank you");
        browser.findElement(By.id("no-reply-submit")).click();

        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.cssSelector(".meta .status"))
                .getText().equals("No reply needed"));
        assertThat(browser.findElement(By.cssSelector(".no-reply-note")).getText())
                .contains("The customer only says thank you", "marta");
        var stored = conversations.find(id).orElseThrow();
        assertThat(stored.status()).isEqualTo(ConversationStatus.NO_REPLY_NEEDED);
        assertThat(stored.dueAt()).isNull();
    }

    @Test
    @Order(7)
    void theInboxSpeaksSpanishAndEnglish() {
        long id = customerWrites(TestChannels.PARIS_SHOP, "language-test", "Ana", "Hola", "¿Hay stock?", Duration.ofHours(1),
                null);
        signIn("es");
        browser.get(url("/?marketplace=language-test"));
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("es");
        assertThat(browser.findElement(By.cssSelector("label[for=filter-status]")).getText()).isEqualTo("Estado");
        assertThat(browser.findElement(By.cssSelector(".count-card")).getText()).contains("abiertas");
        browser.get(url("/conversations/" + id));
        assertThat(browser.findElement(By.cssSelector(".why h2")).getText()).isEqualTo("Por qué este plazo");
        assertThat(browser.findElement(By.cssSelector(".why")).getText()).contains("Objetivo interno", "Europe/Paris", "lunes 09:00");
        assertThat(browser.findElement(By.cssSelector("label[for=reply-body]")).getText()).isEqualTo("Tu respuesta");

        browser.get(url("/conversations/" + id + "?lang=en"));
        assertThat(browser.findElement(By.cssSelector(".why h2")).getText()).isEqualTo("Why this deadline");
        assertThat(browser.findElement(By.cssSelector("label[for=reply-body]")).getText()).isEqualTo("Your answer");
    }

    @Test
    @Order(8)
    void hostileCustomerTextNeverRunsNorReachesAnotherHost() throws IOException {
        String host = "127.0.0.1:" + attacker.port();
        List<String> payloads = Files.readAllLines(Path.of("src/test/resources/xss/payloads.txt"), StandardCharsets.UTF_8)
                .stream().filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.replace("ATTACKER", host)).toList();
        assertThat(payloads).hasSizeGreaterThanOrEqualTo(30);
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            String p = payloads.get(i);
            ids.add(ingest(new InboundMessage(TestChannels.PAGING_SHOP, "xss-" + i, "xss-" + i, Direction.INBOUND,
                    AuthorRole.CUSTOMER, p, null, p, p, clock.instant().minus(Duration.ofMinutes(i)), p, true, null,
                    List.of(new InboundAttachment("xss-file-" + i, p, 30L, "text/html",
                            "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8))),
                    "<p>" + p + "</p>", null, "xss-test")));
        }
        signIn("en");
        browser.get(url("/?marketplace=xss-test"));
        assertThat(subjectsInQueue()).hasSize(payloads.size());
        noDialog();
        for (long id : ids) {
            browser.get(url("/conversations/" + id));
            noDialog();
            assertThat(browser.findElement(By.tagName("h1")).getText()).isNotBlank();
        }
        // the texts are shown as text: the first payload reads as written in its conversation
        browser.get(url("/conversations/" + ids.get(0)));
        assertThat(browser.findElement(By.cssSelector(".message .file-name")).getText()).isEqualTo(payloads.get(0));
        assertThat(browser.findElement(By.cssSelector(".meta .customer")).getText()).isEqualTo(payloads.get(0));
        // a customer's file is always a download (never shown on our origin), its name encoded (RFC 6266)
        String href = browser.findElement(By.cssSelector(".message .files a")).getAttribute("href");
        Object disposition = ((JavascriptExecutor) browser).executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "fetch(arguments[0]).then(r => done(r.headers.get('content-disposition')));", href);
        assertThat(String.valueOf(disposition)).startsWith("attachment;")
                .contains("filename*=UTF-8''%3Cscript%3Ealert%281%29%3C%2Fscript%3E");
        assertThat(attacker.getAllServeEvents()).as("requests to the attacker's host").isEmpty();
    }

    void noDialog() {
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

}
