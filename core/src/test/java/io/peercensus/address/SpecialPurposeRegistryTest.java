package io.peercensus.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpecialPurposeRegistryTest {

    @Test
    void listsEveryBlockOnceMostSpecificFirst() {
        List<SpecialPurposeRegistry.Block> blocks = SpecialPurposeRegistry.blocks();
        Set<Cidr> seen = new HashSet<>();
        for (int i = 0; i < blocks.size(); i++) {
            assertThat(seen.add(blocks.get(i).cidr())).as("duplicate %s", blocks.get(i).cidr()).isTrue();
            if (i > 0) {
                assertThat(blocks.get(i).cidr().prefixLength()).isLessThanOrEqualTo(blocks.get(i - 1).cidr().prefixLength());
            }
        }
    }

    @Test
    void givesEachBlockEitherAScopeOrAnEmbeddedIpv4Offset() {
        for (SpecialPurposeRegistry.Block block : SpecialPurposeRegistry.blocks()) {
            assertThat(block.embedsIpv4() ^ block.scope() != null).as(block.name()).isTrue();
            assertThat(block.name()).as(block.cidr().toString()).matches(".+ \\(RFC \\d+\\)");
        }
        assertThat(SpecialPurposeRegistry.blocks()).filteredOn(SpecialPurposeRegistry.Block::embedsIpv4)
                .extracting(b -> b.cidr().toString())
                .containsExactlyInAnyOrder("64:ff9b::/96", "2002::/16");
    }

    @Test
    void classifiesAnAddressInNoBlockAsPublic() {
        assertThat(SpecialPurposeRegistry.scopeOf(new byte[] {(byte) 203, 0, 114, 1})).isEqualTo(AddressScope.PUBLIC);
    }
}
