package io.peercensus.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) loads
 * {@code /} from a service that crawled a simulated network, and the numbers it shows must be those of
 * {@code /stats}. Saves {@code target/dashboard.png}.
 */
class DashboardIT {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    @TempDir
    Path profile;

    @Test
    void dashboardShowsTheNumbersOfStats() throws Exception {
        assertThat(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute())
                .as("headless Chromium is needed: apt-get install -y chromium chromium-driver (Debian packages)").isTrue();
        try (ServeFixture f = ServeFixture.bind(300, 17, null, b -> b.maxCrawls(1))) {
            f.crawlOnce();
            JsonNode stats = new ObjectMapper().readTree(f.get("/stats").body());
            JsonNode net = stats.at("/networks/0");
            JsonNode latest = net.get("latest");
            WebDriver browser = chromium();
            try {
                browser.get(f.uri("/").toString());
                new WebDriverWait(browser, Duration.ofSeconds(30)).until(d ->
                        latest.get("crawlId").asText().equals(d.findElement(By.tagName("body")).getAttribute("data-crawl-id"))
                                && !d.findElements(By.cssSelector("#peers tbody tr")).isEmpty()
                                && !d.findElements(By.cssSelector("#agents tbody tr")).isEmpty());

                assertThat(number(browser, "stat-reachable")).isEqualTo(latest.get("reachable").asLong()).isPositive();
                assertThat(number(browser, "stat-unreachable")).isEqualTo(latest.get("unreachable").asLong());
                assertThat(number(browser, "stat-discovered")).isEqualTo(latest.get("discovered").asLong());
                assertThat(number(browser, "stat-crawls")).isEqualTo(net.at("/totals/crawls").asLong()).isEqualTo(1);
                assertThat(browser.findElement(By.id("crawl-state")).getText()).startsWith("crawl done " + latest.get("crawlId").asText().substring(0, 8));

                Map<String, Long> agents = new LinkedHashMap<>();
                latest.get("agents").forEach(a -> agents.put(a.get("agentVersion").asText(), a.get("count").asLong()));
                assertThat(bars(browser, "agents")).isEqualTo(agents);
                Map<String, Long> types = new LinkedHashMap<>();
                latest.get("addressTypes").fields().forEachRemaining(e -> {
                    if (e.getValue().asLong() > 0) {
                        types.put(e.getKey(), e.getValue().asLong());
                    }
                });
                assertThat(types).containsKeys("ipv4", "tor", "i2p", "cjdns");
                assertThat(bars(browser, "types")).isEqualTo(types);
                assertThat(browser.findElements(By.cssSelector("#peers tbody tr")))
                        .hasSize((int) Math.min(200, latest.get("observations").asLong()));

                Object resources = ((JavascriptExecutor) browser).executeScript(
                        "return performance.getEntriesByType('resource').map(e => e.name)");
                assertThat((List<?>) resources).isNotEmpty().allSatisfy(u -> assertThat(u.toString()).startsWith(f.uri("/").toString()));

                browser.findElement(By.id("filter")).sendKeys("onion");
                new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                        .until(d -> ((List<?>) ((JavascriptExecutor) d).executeScript("return [...document.querySelectorAll('#peers tbody tr')].map(r => r.textContent)"))
                                .stream().allMatch(t -> t.toString().contains(".onion")));
                browser.findElement(By.id("filter")).clear();
                browser.findElement(By.id("filter")).sendKeys(" ");
                new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("#peers tbody tr")).size() > 20);

                Path shot = Path.of("target", "dashboard.png");
                Files.createDirectories(shot.getParent());
                File png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
                Files.copy(png.toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
                assertThat(Files.size(shot)).isGreaterThan(10_000);
            } finally {
                browser.quit();
            }
        }
    }

    private WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1400,1500");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build(); // an explicit driver: selenium-manager never runs, nothing is downloaded
        return new ChromeDriver(service, options);
    }

    private static long number(WebDriver browser, String id) {
        return Long.parseLong(browser.findElement(By.id(id)).getText().replace(",", ""));
    }

    private static Map<String, Long> bars(WebDriver browser, String table) {
        Map<String, Long> out = new LinkedHashMap<>();
        List<?> rows = (List<?>) ((JavascriptExecutor) browser).executeScript("return [...document.querySelectorAll('#"
                + table + " tbody tr')].map(r => [r.dataset.key, r.querySelector('.count').textContent])");
        for (Object row : rows) {
            List<?> cells = (List<?>) row;
            out.put(cells.get(0).toString(), Long.parseLong(cells.get(1).toString().replace(",", "")));
        }
        return out;
    }
}
