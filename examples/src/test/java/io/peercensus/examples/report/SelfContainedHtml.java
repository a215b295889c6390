package io.peercensus.examples.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;

/** Checks that an HTML page loads nothing from anywhere, and reads the numbers it shows. */
final class SelfContainedHtml {
    private SelfContainedHtml() {
    }

    /** Parses {@code html} as XML (well-formedness) and asserts it references nothing outside itself. */
    static Document check(String html) throws Exception {
        assertThat(html).startsWith("<!DOCTYPE html>\n<html lang=\"en\">");
        assertThat(html).doesNotContain("http://", "https://", "//cdn", "url(", "@import", "@font-face");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        Document doc = b.parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        NodeList all = doc.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            String name = e.getTagName().toLowerCase(Locale.ROOT);
            assertThat(name).as("element that loads or runs something")
                    .isNotIn("script", "link", "img", "iframe", "object", "embed", "image", "use", "audio", "video",
                            "source", "base", "foreignobject");
            NamedNodeMap attributes = e.getAttributes();
            for (int a = 0; a < attributes.getLength(); a++) {
                String attribute = attributes.item(a).getNodeName().toLowerCase(Locale.ROOT);
                assertThat(attribute).as("attribute of <" + name + ">")
                        .isNotIn("src", "href", "xlink:href", "srcset", "action", "poster", "background")
                        .doesNotStartWith("on");
            }
        }
        return doc;
    }

    /** The values of the elements carrying {@code data-total}, by key. */
    static Map<String, Long> totals(Document doc) {
        Map<String, Long> totals = new LinkedHashMap<>();
        NodeList all = doc.getElementsByTagName("span");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.hasAttribute("data-total")) {
                totals.put(e.getAttribute("data-total"), Long.parseLong(e.getAttribute("data-value")));
            }
        }
        return totals;
    }

    /** The bars of the chart {@code data-chart=chart}: name to count, in order. */
    static Map<String, Long> chart(Document doc, String chart) {
        NodeList svgs = doc.getElementsByTagName("svg");
        for (int i = 0; i < svgs.getLength(); i++) {
            Element svg = (Element) svgs.item(i);
            if (svg.getAttribute("data-chart").equals(chart)) {
                Map<String, Long> bars = new LinkedHashMap<>();
                NodeList groups = svg.getElementsByTagName("g");
                for (int g = 0; g < groups.getLength(); g++) {
                    Element bar = (Element) groups.item(g);
                    bars.put(bar.getAttribute("data-name"), Long.parseLong(bar.getAttribute("data-count")));
                }
                return bars;
            }
        }
        throw new AssertionError("no chart " + chart);
    }
}
