package io.peercensus.dht.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercensus.dht.crypto.KeyType;
import io.peercensus.dht.crypto.PublicKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Peer IDs of the libp2p peer-ids spec's test-vector keys. The expected IDs were computed independently
 * (Python hashlib and a separate base58) and agree with IDs other implementations publish for these keys.
 */
class PeerIdTest {
    static final String ED25519 = "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
    static final String SECP256K1 = "08021221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99";
    static final String ECDSA = "0803125b3059301306072a8648ce3d020106082a8648ce3d03010703420004de3d300fa36ae0e8f5d530899d83abab44abf3161f162a"
            + "4bc901d8e6ecda020e8b6d5f8da30525e71d6851510c098e5c47c646a597fb4dcec034e9f77c409e62";

    static String resource(String name) throws IOException {
        try (InputStream in = PeerIdTest.class.getResourceAsStream("/io/peercensus/dht/crypto/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        }
    }

    private static PublicKey key(String hex) {
        return PublicKey.fromProtobuf(HexFormat.of().parseHex(hex));
    }

    @ParameterizedTest
    @CsvSource({
        ED25519 + ", 12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq, bafzaajaiaejcahwr5d5ofrfbis4l5d6uwr57hu5tjodrypfm6yaq6dsc2r2pzyt6",
        SECP256K1 + ", 16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY, bafzaajiiaijcca3xo7uzjzcsyilaj6i54cj44qk7kqzpoao5rti2pjx6udtdbp6kte",
        ECDSA + ", QmVMT29id3TUASyfZZ6k9hmNyc2nYabCo4uMSpDw4zrgDk, bafzbeidigywdclqvl5hxfefwp5onbffcfife7pza57mmfb4tiqmtkdjw64"})
    void derivesSpecVectorPeerIds(String keyHex, String base58, String cid) {
        PeerId id = PeerId.fromPublicKey(key(keyHex));
        assertThat(id.toString()).isEqualTo(base58);
        assertThat(id.toCid()).isEqualTo(cid);
        assertThat(PeerId.parse(base58)).isEqualTo(id);
        assertThat(PeerId.parse(cid)).isEqualTo(id);
        assertThat(PeerId.fromBytes(id.toBytes())).isEqualTo(id);
        assertThat(id.matches(key(keyHex))).isTrue();
    }

    @Test
    void derivesTheRsaSpecVectorPeerIdFromASha256Multihash() throws IOException {
        PeerId id = PeerId.fromPublicKey(key(resource("rsa-public.hex")));
        assertThat(id.toString()).isEqualTo("QmaeANgBs1DTSxWSrPPtobgQuxW8XTfsS4ydbK4rCHzqxG");
        assertThat(id.toCid()).isEqualTo("bafzbeifwzcumbiyql7bhv7fe7mixg6i7aohegq75k234m63bnw6dbicmzu");
        assertThat(id.multihash().code()).isEqualTo(Multihash.SHA2_256);
        assertThat(id.publicKey()).isEmpty();
    }

    @Test
    void extractsTheKeyFromIdentityPeerIds() {
        PeerId id = PeerId.parse("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");
        assertThat(id.multihash().isIdentity()).isTrue();
        assertThat(id.publicKey()).contains(key(ED25519));
        assertThat(id.publicKey().get().type()).isEqualTo(KeyType.ED25519);
        assertThat(PeerId.parse("16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY").publicKey()).contains(key(SECP256K1));
    }

    @Test
    void parsesBase36AndBase32CidsFromGoMultiaddrTests() {
        assertThat(PeerId.parse("k51qzi5uqu5dhb6l8spkdx7yxafegfkee5by8h7lmjh2ehc2sgg34z7c15vzqs"))
                .hasToString("12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV");
        assertThat(PeerId.parse("bafzbeigvf25ytwc3akrijfecaotc74udrhcxzh2cx3we5qqnw5vgrei4bm"))
                .hasToString("QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC");
    }

    @Test
    void anIdMadeFromAKeyIsTheIdDecodedFromItsBytesAndKeepsThatKey() {
        for (PublicKey key : new PublicKey[] {key(ED25519), key(SECP256K1)}) {
            PeerId made = PeerId.fromPublicKey(key);
            PeerId decoded = PeerId.fromBytes(made.toBytes());
            assertThat(made).isEqualTo(decoded).hasSameHashCodeAs(decoded).hasToString(decoded.toString());
            assertThat(made.publicKey()).containsSame(key);
            assertThat(decoded.publicKey()).contains(key);
        }
    }

    @Test
    void doesNotMatchAnotherKey() {
        assertThat(PeerId.fromPublicKey(key(ED25519)).matches(key(SECP256K1))).isFalse();
    }

    @Test
    void rejectsCidsThatAreNotLibp2pKeys() {
        assertThatThrownBy(() -> PeerId.parse("bafybeibnoelefnzgwbcacyt4vh52ymxvzbjq7mmqhtcnwarfq4lzegsiqe"))
                .isInstanceOf(MultiformatException.class)
                .hasMessage("peer ID: CID codec 0x70 is not libp2p-key (0x72)");
        assertThatThrownBy(() -> PeerId.parse("baaaa"))
                .isInstanceOf(MultiformatException.class)
                .hasMessage("peer ID: CID version must be 1, got 0");
        assertThatThrownBy(() -> PeerId.parse("fdeadbeef"))
                .isInstanceOf(MultiformatException.class)
                .hasMessage("multibase: unsupported prefix 'f'");
    }

    @Test
    void rejectsMalformedPeerIdText() {
        assertThatThrownBy(() -> PeerId.parse(""))
                .isInstanceOf(MultiformatException.class)
                .hasMessage("peer ID: empty text");
        assertThatThrownBy(() -> PeerId.parse("QmInvalidPeerId0"))
                .isInstanceOf(MultiformatException.class)
                .hasMessage("base58: invalid character 'I' at index 2");
        // sha256 multihash whose declared digest is longer than 32 bytes (go-multiaddr's failure case)
        assertThatThrownBy(() -> PeerId.parse("QmxoHT6iViN5xAjoz1VZ553cL31U9F94ht3QvWR1FrEbZY"))
                .isInstanceOf(MultiformatException.class)
                .hasMessageStartingWith("multihash: ");
    }

    @Test
    void rejectsMultihashesThatCannotBePeerIds() {
        assertThatThrownBy(() -> PeerId.fromBytes(HexFormat.of().parseHex("1310" + "00".repeat(16))))
                .isInstanceOf(MultiformatException.class)
                .hasMessage("peer ID: multihash code 0x13 is neither identity nor sha2-256");
        assertThatThrownBy(() -> PeerId.fromBytes(HexFormat.of().parseHex("1210" + "00".repeat(16))))
                .isInstanceOf(MultiformatException.class)
                .hasMessage("peer ID: sha2-256 digest must be 32 bytes, got 16");
        assertThatThrownBy(() -> PeerId.fromBytes(HexFormat.of().parseHex("0004" + "08071200")))
                .isInstanceOf(MultiformatException.class)
                .hasMessage("peer ID: identity multihash does not hold a public key (key: unknown key type 7)");
        assertThatThrownBy(() -> PeerId.fromBytes(HexFormat.of().parseHex("0004" + "08031200"))) // found by fuzzing
                .isInstanceOf(MultiformatException.class)
                .hasMessage("peer ID: identity multihash does not hold a public key (key: ECDSA public key is not PKIX DER: no bytes)");
        assertThatThrownBy(() -> PeerId.fromBytes(HexFormat.of().parseHex("002b" + "00".repeat(43))))
                .isInstanceOf(MultiformatException.class)
                .hasMessage("peer ID: identity multihash holds 43 bytes, more than 42");
    }
}
