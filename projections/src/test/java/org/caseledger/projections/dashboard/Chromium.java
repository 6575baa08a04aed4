package org.caseledger.projections.dashboard;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's Chromium driven through its own chromedriver (never one Selenium would fetch), headless, with nothing in
 * the background that would reach another host, and the browser's console kept for the test to read.
 */
final class Chromium {

    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private Chromium() {
    }

    /** Fails naming the packages to install when the browser or its driver is missing. */
    static void requireInstalled() {
        assertThat(CHROMEDRIVER).as("The dashboard's browser test drives Debian's Chromium through its chromedriver, "
                + "which is not installed: run `apt-get install chromium chromium-driver` as root (.ci/run does)")
                .exists();
        assertThat(CHROMIUM).as("Debian's chromium is not installed: run `apt-get install chromium chromium-driver`")
                .exists();
    }

    static ChromeDriver start() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        Path profile = Files.createTempDirectory(Path.of("target"), "chromium-");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
                "--disable-sync", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
                "--disable-features=OptimizationHints,MediaRouter,Translate", "--metrics-recording-only",
                "--window-size=1280,2200", "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogOutput(OutputStream.nullOutputStream())
                .build();
        return new ChromeDriver(service, options);
    }

    /** The text an element shows, as a reader sees it. */
    static String text(WebDriver browser, String selector) {
        return browser.findElement(By.cssSelector(selector)).getAttribute("textContent").strip();
    }

    /** A table's rows as "label=count", as the page shows them (the table behind each chart). */
    static Map<String, String> table(WebDriver browser, String id) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (WebElement row : browser.findElements(By.cssSelector("#" + id + " tbody tr"))) {
            List<WebElement> cells = row.findElements(By.cssSelector("th, td"));
            rows.put(cells.get(0).getAttribute("textContent").strip(),
                    cells.get(cells.size() - 1).getAttribute("textContent").strip());
        }
        return rows;
    }
}
