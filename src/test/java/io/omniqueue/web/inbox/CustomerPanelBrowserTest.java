package io.omniqueue.web.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The customer panel of the conversation page in a real browser: other conversations, orders, a suggestion confirmed. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfiguration.class)
class CustomerPanelBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    MutableClock clock;
    WebDriver browser;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties("http://127.0.0.1:9"));
        registry.add("spring.datasource.url",
                () -> "jdbc:h2:mem:customer-panel;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        registry.add("omniqueue.security.users[0].username", () -> "marta");
        registry.add("omniqueue.security.users[0].password", () -> SignInBrowserTest.HASH);
        registry.add("omniqueue.security.users[0].roles", () -> "agent");
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    long customerWrites(String name, String email, String subject, String orderId) {
        String thread = "t-" + UUID.randomUUID();
        clock.advance(Duration.ofMinutes(1));
        InboundMessage m = InboundMessage.fromCustomer(TestChannels.WEB_SHOP, thread, thread + "/1", name, email, subject,
                "Hola", clock.instant(), orderId);
        return camel.requestBody("direct:ingest", m, IngestResult.class).conversationId();
    }

    WebElement panel() {
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.cssSelector("#customer-panel h2")).isEmpty());
        return browser.findElement(By.id("customer-panel"));
    }

    List<String> otherConversationLinks() {
        return panel().findElements(By.cssSelector(".customer-conversations a")).stream()
                .map(a -> a.getAttribute("href").replaceAll(".*/conversations/", "")).toList();
    }

    @Test
    void thePanelShowsTheOtherConversationsAndOrdersAndAConfirmedSuggestionMergesInPlace() {
        long first = customerWrites("Nora Lind", "nora@a.test", "Talla", "MIR-123456-A");
        long second = customerWrites("Nora Lind", "NORA@a.test", "Envío", null);
        long stranger = customerWrites("Nora Lind", "lind@b.test", "Factura", null);

        browser = Browser.start("es");
        browser.get("http://localhost:" + port + "/login");
        browser.findElement(By.id("username")).sendKeys("marta");
        browser.findElement(By.id("password")).sendKeys(SignInBrowserTest.PASSWORD);
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.getCurrentUrl().contains("/login"));

        browser.get("http://localhost:" + port + "/conversations/" + second);
        assertThat(otherConversationLinks()).containsExactly(String.valueOf(first));
        assertThat(panel().findElement(By.cssSelector(".customer-orders .order-id")).getText()).isEqualTo("MIR-123456-A");
        assertThat(panel().getText()).contains("Otras conversaciones");

        browser.get("http://localhost:" + port + "/conversations/" + stranger);
        assertThat(otherConversationLinks()).isEmpty();
        panel().findElement(By.cssSelector(".customer-suggestion .confirm-suggestion")).click();

        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElements(By.cssSelector(".customer-suggestion")).isEmpty()
                && otherConversationLinks().size() == 2);
        assertThat(otherConversationLinks()).containsExactlyInAnyOrder(String.valueOf(first), String.valueOf(second));
    }
}
