package io.peercensus.dht.internal.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercensus.dht.crypto.KeyType;
import io.peercensus.dht.crypto.PrivateKey;
import io.peercensus.dht.kad.KadKey;
import io.peercensus.dht.kad.UpgradedPair;
import io.peercensus.dht.multiformats.PeerId;
import org.junit.jupiter.api.Test;

class PeerIdBookTest {
    private static PeerId peer(KeyType type, long seed) {
        return PeerId.fromPublicKey(PrivateKey.generate(type, UpgradedPair.seeded(seed)).publicKey());
    }

    @Test
    void givesTheCanonicalTextAndKademliaIdOfEachKeyType() {
        PeerIdBook book = new PeerIdBook(UpgradedPair.seeded(1));
        for (KeyType type : KeyType.values()) {
            PeerId id = peer(type, 1);
            PeerIdBook.Entry entry = book.lookUp(id.toBytes());
            assertThat(entry.isPeerId()).isTrue();
            assertThat(entry.text()).as(type.toString()).isEqualTo(id.toString());
            assertThat(entry.kadId()).isEqualTo(KadKey.kadId(id.toBytes()));
        }
    }

    @Test
    void laterMentionsShareTheFirstEntry() {
        PeerIdBook book = new PeerIdBook(UpgradedPair.seeded(1));
        PeerId id = peer(KeyType.ED25519, 2);
        PeerIdBook.Entry first = book.lookUp(id.toBytes());
        PeerIdBook.Entry again = book.lookUp(id.toBytes());
        assertThat(again).isSameAs(first);
        assertThat(book.size()).isEqualTo(1);
    }

    @Test
    void bytesThatAreNotAPeerIdHaveNoTextButAKademliaId() {
        PeerIdBook book = new PeerIdBook(UpgradedPair.seeded(1));
        byte[][] malformed = {new byte[0], {0x12, 0x05, 1, 2, 3, 4, 5}, {(byte) 0x99, 0x01, 0x00}};
        for (byte[] bytes : malformed) {
            PeerIdBook.Entry entry = book.lookUp(bytes);
            assertThat(entry.isPeerId()).isFalse();
            assertThat(entry.text()).isNull();
            assertThat(entry.kadId()).isEqualTo(KadKey.kadId(bytes));
            assertThat(book.lookUp(bytes.clone())).isSameAs(entry);
        }
    }

    @Test
    void aFullBookStillDecodesNewIdsWithoutRememberingThem() {
        PeerIdBook book = new PeerIdBook(2, UpgradedPair.seeded(1));
        book.lookUp(peer(KeyType.ED25519, 4).toBytes());
        book.lookUp(peer(KeyType.ED25519, 5).toBytes());
        PeerId third = peer(KeyType.SECP256K1, 6);
        PeerIdBook.Entry entry = book.lookUp(third.toBytes());
        assertThat(entry.text()).isEqualTo(third.toString());
        PeerIdBook.Entry again = book.lookUp(third.toBytes());
        assertThat(again).isNotSameAs(entry);
        assertThat(again.text()).isEqualTo(entry.text());
        assertThat(again.kadId()).isEqualTo(entry.kadId());
        assertThat(book.size()).isEqualTo(2);
        assertThat(entry.remembered()).isFalse();
    }

    @Test
    void findsEveryIdAgainAsTheTableGrows() {
        PeerIdBook book = new PeerIdBook(UpgradedPair.seeded(3));
        java.util.List<byte[]> ids = new java.util.ArrayList<>();
        java.util.List<PeerIdBook.Entry> entries = new java.util.ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 5000; i++) {
            byte[] id = new byte[1 + random.nextInt(40)]; // mostly not peer IDs: the table does not care
            random.nextBytes(id);
            ids.add(id);
            entries.add(book.lookUp(id));
        }
        assertThat(book.size()).isEqualTo(new java.util.HashSet<>(ids.stream().map(java.nio.ByteBuffer::wrap).toList()).size());
        for (int i = 0; i < ids.size(); i++) {
            assertThat(book.lookUp(ids.get(i).clone())).isSameAs(entries.get(i));
        }
    }

    @Test
    void theCommonPrefixLengthFromTheCachedPrefixMatchesTheFullComparison() {
        PeerIdBook book = new PeerIdBook(UpgradedPair.seeded(4));
        java.util.Random random = new java.util.Random(8);
        byte[] remote = KadKey.kadId(peer(KeyType.ED25519, 9).toBytes());
        for (int i = 0; i < 2000; i++) {
            byte[] id = new byte[38];
            random.nextBytes(id);
            PeerIdBook.Entry entry = book.lookUp(id);
            assertThat(entry.commonPrefixLength(remote, PeerIdBook.prefix(remote))).isEqualTo(KadKey.commonPrefixLength(entry.kadId(), remote));
        }
        PeerIdBook.Entry self = book.lookUp(new byte[] {1, 2, 3});
        byte[] near = self.kadId().clone();
        near[10] ^= 1; // shares 80 bits: past the cached four bytes
        assertThat(self.commonPrefixLength(near, PeerIdBook.prefix(near))).isEqualTo(87);
    }
}
