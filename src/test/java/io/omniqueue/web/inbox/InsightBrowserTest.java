package io.omniqueue.web.inbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.omniqueue.conversation.AuthorRole;
import io.omniqueue.conversation.ConversationQueries;
import io.omniqueue.conversation.Direction;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.conversation.IngestResult;
import io.omniqueue.support.Browser;
import io.omniqueue.support.MutableClock;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Language and reason for writing in the inbox, in a real browser: the customer's language on the
 * queue and the conversation, templates in that language first, a reply in another language held
 * until the agent confirms it, the one-click "no reply needed" after a plain thank-you, and an
 * agent's topic correction. Each test uses its own marketplace, so they don't see each other's rows.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfiguration.class)
class InsightBrowserTest {

    static final WireMockServer receiver = new WireMockServer(options().dynamicPort());

    static {
        receiver.start();
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
                () -> "jdbc:h2:mem:insight-inbox;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        registry.add("omniqueue.security.users[0].username", () -> "marta");
        registry.add("omniqueue.security.users[0].password", () -> SignInBrowserTest.HASH);
        registry.add("omniqueue.security.users[0].roles", () -> "agent");
        registry.add("omniqueue.security.users[0].name", () -> "Marta Ruiz");
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    void signIn() {
        browser = Browser.start("en");
        browser.get(url("/login"));
        browser.findElement(By.id("username")).sendKeys("marta");
        browser.findElement(By.id("password")).sendKeys(SignInBrowserTest.PASSWORD);
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.getCurrentUrl().contains("/login"));
    }

    long customerWrites(String thread, String marketplace, String subject, String body) {
        IngestResult result = camel.requestBody("direct:ingest", new InboundMessage(TestChannels.WEB_SHOP, thread,
                "m-" + UUID.randomUUID(), Direction.INBOUND, AuthorRole.CUSTOMER, "Claire Martin", null, subject, body,
                clock.instant().minus(Duration.ofMinutes(30)), "ORD-31", true, null, List.of(), null, null, marketplace),
                IngestResult.class);
        assertThat(result.isQuarantined()).isFalse();
        return result.conversationId();
    }

    boolean shopMessageStored(long id) {
        return conversations.find(id).orElseThrow().messages().stream().anyMatch(m -> m.direction() == Direction.OUTBOUND);
    }

    @Test
    void aReplyInAnotherLanguageThanTheCustomersIsHeldUntilTheAgentConfirmsIt() {
        receiver.stubFor(post(urlEqualTo("/callback")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"messageId\":\"wh-31\"}")));
        long id = customerWrites("t-" + UUID.randomUUID(), "language-test", "Commande",
                "Bonjour, j'ai commandé une lampe il y a dix jours et je n'ai toujours rien reçu. Où en est ma commande ?");
        signIn();
        browser.get(url("/?marketplace=language-test&language=fr&topic=where-is-my-order"));
        assertThat(browser.findElement(By.cssSelector(".queue-row .insight .topic")).getText()).isEqualTo("Where is my order");
        assertThat(browser.findElement(By.cssSelector(".queue-row .insight .language")).getText()).isEqualToIgnoringCase("fr");
        browser.get(url("/conversations/" + id));

        assertThat(browser.findElement(By.cssSelector(".conversation-language")).getText()).isEqualTo("French");
        // the customer's language first, though the page is in English
        assertThat(new Select(browser.findElement(By.id("template-choice"))).getOptions().get(1).getText())
                .isEqualTo("thanks (fr)");

        String english = "Hello Claire, your lamp left our warehouse yesterday and should arrive on Monday.";
        browser.findElement(By.id("reply-body")).sendKeys(english);
        await().atMost(Duration.ofSeconds(5)).until(() -> browser.findElement(By.id("send")).isEnabled());
        browser.findElement(By.id("send")).click();

        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.cssSelector(".language-warning")).isEmpty());
        assertThat(browser.findElement(By.cssSelector(".language-warning")).getText())
                .contains("seems to be in English", "the customer writes in French");
        assertThat(browser.findElement(By.id("reply-body")).getAttribute("value")).isEqualTo(english);
        assertThat(shopMessageStored(id)).as("nothing is sent before the agent confirms").isFalse();

        browser.findElement(By.id("send-other-language")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> shopMessageStored(id));
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.cssSelector(".message.from-shop")).isEmpty());
        assertThat(browser.findElements(By.cssSelector(".language-warning"))).isEmpty();
    }

    @Test
    void aPlainThankYouIsSuggestedAsNoReplyNeededAndOneClickMarksIt() {
        String thread = "t-" + UUID.randomUUID();
        long id = customerWrites(thread, "thanks-test", "Paquete",
                "Hola, ¿dónde está mi pedido? Lo pedí hace dos semanas y todavía no me ha llegado.");
        customerWrites(thread, "thanks-test", "Paquete", "¡Muchas gracias! Ya lo he recibido, todo perfecto.");
        signIn();
        browser.get(url("/?marketplace=thanks-test"));
        assertThat(browser.findElement(By.cssSelector(".queue-row .no-reply-hint")).getText()).isEqualTo("only thanks");
        browser.get(url("/conversations/" + id));

        // suggested, never decided: the conversation still needs a reply until the agent clicks
        assertThat(browser.findElement(By.cssSelector(".status")).getAttribute("data-status")).isEqualTo("NEEDS_REPLY");
        assertThat(browser.findElement(By.id("no-reply-suggestion")).getText()).contains("only a thank-you");
        browser.findElement(By.id("accept-no-reply")).click();

        await().atMost(Duration.ofSeconds(10)).until(() ->
                browser.findElement(By.cssSelector(".status")).getAttribute("data-status").equals("NO_REPLY_NEEDED"));
        assertThat(browser.findElements(By.id("no-reply-suggestion"))).isEmpty();
        assertThat(browser.findElement(By.cssSelector(".no-reply-note")).getText()).contains("The customer only said thanks", "marta");
    }

    @Test
    void anAgentCorrectsTheReasonForWritingAndTheQueueFiltersByTheCorrection() {
        long id = customerWrites("t-" + UUID.randomUUID(), "topic-test", "Bestellung",
                "Hallo, die Lampe ist kaputt angekommen, das Glas ist gebrochen. Was kann ich tun?");
        signIn();
        browser.get(url("/conversations/" + id));
        assertThat(new Select(browser.findElement(By.id("topic-choice"))).getFirstSelectedOption().getText()).isEqualTo("Damaged");

        new Select(browser.findElement(By.id("topic-choice"))).selectByValue("return-refund");
        browser.findElement(By.id("correct-topic")).click();

        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.cssSelector(".topic-source")).getText()
                .equals("set by marta"));
        assertThat(new Select(browser.findElement(By.id("topic-choice"))).getFirstSelectedOption().getText())
                .isEqualTo("Return or refund");
        browser.get(url("/?marketplace=topic-test&topic=return-refund"));
        assertThat(browser.findElements(By.cssSelector(".queue-row"))).hasSize(1);
        browser.get(url("/?marketplace=topic-test&topic=damaged"));
        assertThat(browser.findElements(By.cssSelector(".queue-row"))).isEmpty();
    }
}
