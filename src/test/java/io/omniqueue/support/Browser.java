package io.omniqueue.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver: Selenium downloads nothing.
 * Where the browser is not installed the browser tests are skipped with a plain message, unless
 * {@code OMNIQUEUE_BROWSER_REQUIRED=true} (CI sets it), where its absence fails them.
 */
public final class Browser {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private Browser() {
    }

    /** A new headless browser, in this language ({@code en}, {@code es}), at desktop size. */
    public static WebDriver start(String language) {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equalsIgnoreCase(System.getenv("OMNIQUEUE_BROWSER_REQUIRED"))) {
            throw new IllegalStateException("the browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (apt-get install chromium chromium-driver)");
        }
        Assumptions.assumeTrue(present, "browser tests skipped: " + CHROMIUM + " or " + CHROMEDRIVER
                + " is missing (apt-get install chromium chromium-driver)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // The flags this machine's closed network needs: no background connections, no first-run work.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,900", "--lang=" + language);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /** Phone width, as a 390 px wide screen shows the page. */
    public static void phone(WebDriver driver) {
        driver.manage().window().setSize(new Dimension(390, 844));
    }

    public static void desktop(WebDriver driver) {
        driver.manage().window().setSize(new Dimension(1280, 900));
    }

    /** Writes a screenshot to target/screenshots/ (and, when asked, to src/docs/screenshots/ for the README). */
    public static Path screenshot(WebDriver driver, String name) {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        try {
            List<Path> targets = "true".equalsIgnoreCase(System.getProperty("omniqueue.update-screenshots"))
                    ? List.of(Path.of("target/screenshots"), Path.of("src/docs/screenshots"))
                    : List.of(Path.of("target/screenshots"));
            Path written = null;
            for (Path folder : targets) {
                Files.createDirectories(folder);
                written = Files.write(folder.resolve(name + ".png"), png);
            }
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
