package io.peercensus.examples.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTextTest {
    @Test
    void escapesControlsSeparatorsAndNonCharacters() {
        assertThat(PrintableText.of("a\u0000b\nc\u007f\u0085\u2028\u2029\ufffe"))
                .isEqualTo("a\\u0000b\\u000ac\\u007f\\u0085\\u2028\\u2029\\ufffe");
    }

    @Test
    void escapesLoneSurrogatesAndKeepsPairs() {
        assertThat(PrintableText.of("x\ud800y\udc00")).isEqualTo("x\\ud800y\\udc00");
        assertThat(PrintableText.of("\ud83d\ude00 ok \ufffd")).isEqualTo("\ud83d\ude00 ok \ufffd");
    }

    @Test
    void returnsPlainTextUnchanged() {
        String s = "/Satoshi:27.0.0/ \"quoted\" <tag> & é";
        assertThat(PrintableText.of(s)).isSameAs(s);
    }

    @Test
    void shortensWithAnEllipsisAndKeepsSurrogatePairsWhole() {
        assertThat(PrintableText.shortened("abcdef", 6)).isEqualTo("abcdef");
        assertThat(PrintableText.shortened("abcdefg", 6)).isEqualTo("abcde\u2026");
        assertThat(PrintableText.shortened("abcd\ud83d\ude00xyz", 6)).isEqualTo("abcd\u2026");
    }
}
