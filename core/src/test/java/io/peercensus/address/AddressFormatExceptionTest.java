package io.peercensus.address;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressFormatExceptionTest {

    @Test
    void quotesInputOnOneShortLine() {
        assertThat(AddressFormatException.quote("a\tb\u00e9")).isEqualTo("'a\\u0009b\\u00e9'");
        assertThat(AddressFormatException.quote("y".repeat(81))).isEqualTo("'" + "y".repeat(80) + "...'");
        assertThat(AddressFormatException.quote("y".repeat(80))).isEqualTo("'" + "y".repeat(80) + "'");
    }

    @Test
    void isAnIllegalArgumentException() {
        assertThat(new AddressFormatException("x")).isInstanceOf(IllegalArgumentException.class).hasMessage("x");
    }
}
