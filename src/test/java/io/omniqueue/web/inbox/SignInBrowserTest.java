package io.omniqueue.web.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omniqueue.support.Browser;
import io.omniqueue.support.TestChannels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Signing in to the web inbox, in a real browser: the form, the lock-out, the languages, CSRF. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SignInBrowserTest {

    /** bcrypt of "demo-admin", as the README shows how to make. */
    static final String HASH = "{bcrypt}$2a$10$VHtqbmN.kxhV5Q7HbsmH9uBwSJCBc2NHlLM142CqM7f1Qg9/Ls1UW";
    static final String PASSWORD = "demo-admin";

    @LocalServerPort
    int port;
    WebDriver browser;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties("http://127.0.0.1:9"));
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:sign-in;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        registry.add("omniqueue.security.users[0].username", () -> "marta");
        registry.add("omniqueue.security.users[0].password", () -> HASH);
        registry.add("omniqueue.security.users[0].roles", () -> "agent");
        registry.add("omniqueue.security.users[0].name", () -> "Marta Ruiz");
        registry.add("omniqueue.security.users[1].username", () -> "locked-out");
        registry.add("omniqueue.security.users[1].password", () -> HASH);
        registry.add("omniqueue.security.login-lockout.max-failures", () -> "3");
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    void signIn(String user, String password) {
        browser.get(url("/login"));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        // The form posts and the server redirects: to the queue, or back to /login?error.
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.getCurrentUrl().endsWith("/login"));
    }

    @Test
    void anAgentSignsInIsSentToTheQueueAndSignsOut() {
        browser = Browser.start("en");
        browser.get(url("/"));
        assertThat(browser.getCurrentUrl()).as("anonymous: to the sign-in page").endsWith("/login");
        signIn("marta", PASSWORD);
        // The click returns before the queue has loaded: wait for it rather than read the sign-in page.
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.getCurrentUrl().contains("/login"));
        assertThat(browser.getCurrentUrl()).startsWith(url("/"));
        assertThat(browser.findElement(By.cssSelector("h1")).getText()).isEqualTo("Queue");
        assertThat(browser.findElement(By.cssSelector(".who")).getText()).isEqualTo("marta");

        browser.findElement(By.cssSelector("form.signout button")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("/login?signedOut"));
        browser.get(url("/"));
        assertThat(browser.getCurrentUrl()).endsWith("/login");
    }

    @Test
    void repeatedWrongPasswordsLockTheUsernameEvenForTheRightOne() {
        browser = Browser.start("en");
        for (int i = 0; i < 3; i++) {
            signIn("locked-out", "wrong " + i);
            assertThat(browser.findElement(By.cssSelector(".error")).getText()).contains("Wrong username or password");
        }
        signIn("locked-out", PASSWORD);
        assertThat(browser.getCurrentUrl()).contains("/login?error");
        assertThat(browser.findElement(By.cssSelector(".error")).getText()).contains("Too many failed sign-ins");
    }

    @Test
    void theInboxSpeaksTheBrowsersLanguageAndRemembersTheUsersChoice() {
        browser = Browser.start("es");
        browser.get(url("/login"));
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("es");
        assertThat(browser.findElement(By.cssSelector("h1")).getText()).isEqualTo("Iniciar sesión");

        browser.get(url("/login?lang=en"));
        assertThat(browser.findElement(By.cssSelector("h1")).getText()).isEqualTo("Sign in");
        browser.get(url("/login"));
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).as("remembered").isEqualTo("en");
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenIsRefused() throws Exception {
        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=marta&password=" + PASSWORD)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
    }

    @Test
    void pagesCarryAContentSecurityPolicyWithoutInlineScript() throws Exception {
        HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/login"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("script-src 'self'").doesNotContain("unsafe-inline"));
        assertThat(login.body()).doesNotContain("<script>").doesNotContain("onclick=");
    }
}
