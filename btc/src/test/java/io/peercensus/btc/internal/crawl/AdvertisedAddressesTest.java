package io.peercensus.btc.internal.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.address.Endpoint;
import io.peercensus.btc.wire.AddrEntry;
import io.peercensus.btc.wire.AddrMessage;
import io.peercensus.btc.wire.AddrV2Entry;
import io.peercensus.btc.wire.AddrV2Message;
import io.peercensus.btc.wire.NetAddr;
import io.peercensus.btc.wire.NetworkId;
import io.peercensus.crawl.ProbeTarget;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdvertisedAddressesTest {

    private static AddrV2Entry ipv4(int a, int b, int c, int d, int port) {
        return new AddrV2Entry(1_700_000_000L, 1, NetworkId.IPV4, new byte[] {(byte) a, (byte) b, (byte) c, (byte) d}, port);
    }

    private static ByteBuffer v2(AddrV2Entry... entries) {
        return ByteBuffer.wrap(new AddrV2Message(List.of(entries)).toPayload());
    }

    private static AdvertisedAddresses peer(String self, AddressTable table) {
        return new AdvertisedAddresses(self, Endpoint.parse(self), table);
    }

    @Test
    void firstMentionsBecomeTargetsLaterOnesKnownNamesAndThePeersOwnAddressNeither() throws Exception {
        AddressTable table = new AddressTable();
        AdvertisedAddresses first = peer("127.0.0.1:8333", table);
        AdvertisedAddresses.Answer answer = first.scanV2(v2(ipv4(127, 0, 0, 2, 8333), ipv4(127, 0, 0, 1, 8333),
                ipv4(127, 0, 0, 2, 8333), ipv4(127, 0, 0, 3, 8333)));
        assertThat(answer).isEqualTo(new AdvertisedAddresses.Answer(4, true));
        assertThat(first.targets()).extracting(ProbeTarget::peerID).containsExactly("127.0.0.2:8333", "127.0.0.3:8333");
        assertThat(first.targets()).extracting(ProbeTarget::source).containsOnly("127.0.0.1:8333");
        assertThat(first.knownNames()).isEmpty();
        assertThat(first.distinct()).isEqualTo(2);
        assertThat(first.entries()).isEqualTo(4);

        AdvertisedAddresses second = peer("127.0.0.2:8333", table);
        second.scanV2(v2(ipv4(127, 0, 0, 3, 8333), ipv4(127, 0, 0, 1, 8333), ipv4(127, 0, 0, 4, 8333)));
        assertThat(second.knownNames()).containsExactly("127.0.0.3:8333", "127.0.0.1:8333");
        assertThat(second.targets()).extracting(ProbeTarget::peerID).containsExactly("127.0.0.4:8333");
        assertThat(table.size()).isEqualTo(4);
    }

    @Test
    void namesHoldEveryAddressAdvertisedOnceNewOnesFirstAndNeverThePeersOwn() throws Exception {
        AddressTable table = new AddressTable();
        AdvertisedAddresses first = peer("127.0.0.1:8333", table);
        first.scanV2(v2(ipv4(127, 0, 0, 2, 8333), ipv4(127, 0, 0, 1, 8333)));
        assertThat(first.names()).containsExactly("127.0.0.2:8333");

        AdvertisedAddresses second = peer("127.0.0.2:8333", table);
        second.scanV2(v2(ipv4(127, 0, 0, 1, 8333), ipv4(127, 0, 0, 5, 8333)));
        second.scanV2(v2(ipv4(127, 0, 0, 5, 8333), ipv4(127, 0, 0, 2, 8333), ipv4(127, 0, 0, 6, 8333)));
        assertThat(second.names()).containsExactly("127.0.0.5:8333", "127.0.0.6:8333", "127.0.0.1:8333");
        assertThat(second.names()).hasSize(second.distinct());

        AdvertisedAddresses onlyKnown = peer("127.0.0.9:8333", table);
        onlyKnown.scanV2(v2(ipv4(127, 0, 0, 6, 8333), ipv4(127, 0, 0, 1, 8333)));
        assertThat(onlyKnown.names()).containsExactly("127.0.0.6:8333", "127.0.0.1:8333");
    }

    @Test
    void anAnswerMalformedPartWayAddsNoneOfItsAddresses() throws Exception {
        AddressTable table = new AddressTable();
        AdvertisedAddresses first = peer("127.0.0.1:8333", table);
        ByteBuffer good = v2(ipv4(127, 0, 0, 2, 8333), ipv4(127, 0, 0, 3, 8333));
        byte[] bad = java.util.Arrays.copyOf(good.array(), good.capacity() + 1);
        bad[0] = 3; // a third entry announced, cut short
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> first.scanV2(ByteBuffer.wrap(bad)))
                .isInstanceOf(io.peercensus.btc.wire.BitcoinWireException.class);
        assertThat(table.size()).as("only the peer's own address").isEqualTo(1);
        assertThat(first.targets()).isEmpty();

        AdvertisedAddresses second = peer("127.0.0.9:8333", table);
        second.scanV2(good.duplicate());
        assertThat(second.targets()).extracting(ProbeTarget::peerID).containsExactly("127.0.0.2:8333", "127.0.0.3:8333");
    }

    @Test
    void knownNamesGatherAcrossAnswersInTheOrderFirstHeardEachOnce() throws Exception {
        AddressTable table = new AddressTable();
        peer("127.0.0.1:8333", table).scanV2(v2(ipv4(127, 0, 0, 2, 8333), ipv4(127, 0, 0, 3, 8333),
                ipv4(127, 0, 0, 4, 8333)));
        AdvertisedAddresses later = peer("127.0.0.9:8333", table);
        later.scanV2(v2(ipv4(127, 0, 0, 3, 8333), ipv4(127, 0, 0, 2, 8333), ipv4(127, 0, 0, 3, 8333)));
        assertThat(later.scanV2(v2(ipv4(127, 0, 0, 2, 8333), ipv4(127, 0, 0, 5, 8333), ipv4(127, 0, 0, 4, 8333))))
                .isEqualTo(new AdvertisedAddresses.Answer(3, true));
        assertThat(later.knownNames()).containsExactly("127.0.0.3:8333", "127.0.0.2:8333", "127.0.0.4:8333");
        assertThat(later.targets()).extracting(ProbeTarget::peerID).containsExactly("127.0.0.5:8333");
        assertThat(later.distinct()).isEqualTo(4);
    }

    @Test
    void aLoneSelfAnnouncementNamesNoOtherPeer() throws Exception {
        AdvertisedAddresses self = peer("127.0.0.9:8333", new AddressTable());
        assertThat(self.scanV2(v2(ipv4(127, 0, 0, 9, 8333)))).isEqualTo(new AdvertisedAddresses.Answer(1, false));
        assertThat(self.distinct()).isZero();
    }

    @Test
    void aV1MappedAddressIsTheSameAddressAsItsV2Form() throws Exception {
        AddressTable table = new AddressTable();
        AdvertisedAddresses p = peer("127.0.0.1:8333", table);
        p.scanV2(v2(ipv4(127, 0, 0, 5, 8333)));
        NetAddr mapped = NetAddr.of(InetAddress.getByAddress(new byte[] {127, 0, 0, 5}), 8333, 1);
        NetAddr self = NetAddr.of(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 8333, 1);
        AdvertisedAddresses.Answer answer = p.scanV1(ByteBuffer.wrap(new AddrMessage(
                List.of(new AddrEntry(1, mapped), new AddrEntry(1, self))).toPayload()));
        assertThat(answer).isEqualTo(new AdvertisedAddresses.Answer(2, true));
        assertThat(p.distinct()).isEqualTo(1);
        assertThat(table.size()).isEqualTo(2);
    }

    @Test
    void skipsUnknownNetworksAndInvalidAddressesAsBip155Asks() throws Exception {
        AdvertisedAddresses p = peer("127.0.0.1:8333", new AddressTable());
        byte[] notCjdns = new byte[16];
        notCjdns[0] = (byte) 0xaa;
        AdvertisedAddresses.Answer answer = p.scanV2(v2(new AddrV2Entry(1, 1, new NetworkId(0xaa), new byte[] {1, 2}, 1),
                new AddrV2Entry(1, 1, NetworkId.CJDNS, notCjdns, 8333)));
        assertThat(answer).isEqualTo(new AdvertisedAddresses.Answer(2, false));
        assertThat(p.skipped()).isEqualTo(2);
        assertThat(p.targets()).isEmpty();
    }

    @Test
    void theTableKeepsEveryAddressApartAsItGrows() {
        AddressTable table = new AddressTable();
        List<ByteBuffer> keys = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            ByteBuffer key = ByteBuffer.allocate(4).putInt(0x7f000000 | i).flip();
            keys.add(key);
            assertThat(table.find(1, key, 0, 4, 8333)).isEqualTo(-1);
            assertThat(table.add(1, key, 0, 4, 8333, "id" + i)).isEqualTo(i);
        }
        for (int i = 0; i < keys.size(); i++) {
            assertThat(table.find(1, keys.get(i), 0, 4, 8333)).isEqualTo(i);
            assertThat(table.find(1, keys.get(i), 0, 4, 8334)).isEqualTo(-1);
            assertThat(table.find(2, keys.get(i), 0, 4, 8333)).isEqualTo(-1);
        }
        assertThat(table.id(49_999)).isEqualTo("id49999");
        ByteBuffer little = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).put(keys.get(7).duplicate()).flip();
        assertThat(table.find(1, little, 0, 4, 8333)).as("the same bytes, whatever the buffer's order").isEqualTo(7);
    }

    @Test
    void theTableKeepsLongAddressesApartByTheirBytes() {
        AddressTable table = new AddressTable();
        java.util.Random random = new java.util.Random(5);
        List<ByteBuffer> keys = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            keys.add(ByteBuffer.wrap(key));
            assertThat(table.add(4, keys.get(i), 0, 32, 0, "onion" + i)).isEqualTo(i);
        }
        for (int i = 0; i < keys.size(); i++) {
            assertThat(table.find(4, keys.get(i), 0, 32, 0)).isEqualTo(i);
            assertThat(table.find(5, keys.get(i), 0, 32, 0)).as("the same bytes on another network").isEqualTo(-1);
        }
        ByteBuffer sixteen = ByteBuffer.wrap(new byte[16]);
        assertThat(table.find(2, sixteen, 0, 16, 8333)).isEqualTo(-1);
        assertThat(table.add(2, sixteen, 0, 16, 8333, "[::]:8333")).isEqualTo(20_000);
        assertThat(table.find(6, sixteen, 0, 16, 8333)).isEqualTo(-1);
        assertThat(table.find(2, sixteen, 0, 16, 8333)).isEqualTo(20_000);
    }
}
