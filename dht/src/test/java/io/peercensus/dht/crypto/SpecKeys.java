package io.peercensus.dht.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** The protobuf-encoded test-vector keys of the libp2p peer-ids spec. */
enum SpecKeys {
    RSA(KeyType.RSA, resource("rsa-private.hex"), resource("rsa-public.hex")),
    ED25519(KeyType.ED25519,
            "080112407e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e",
            "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e"),
    SECP256K1(KeyType.SECP256K1,
            "0802122053DADF1D5A164D6B4ACDB15E24AA4C5B1D3461BDBD42ABEDB0A4404D56CED8FB",
            "08021221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99"),
    ECDSA(KeyType.ECDSA,
            "08031279307702010104203E5B1FE9712E6C314942A750BD67485DE3C1EFE85B1BFB520AE8F9AE3DFA4A4CA00A06082A8648CE3D030107A144034200"
                    + "04DE3D300FA36AE0E8F5D530899D83ABAB44ABF3161F162A4BC901D8E6ECDA020E8B6D5F8DA30525E71D6851510C098E5C47C646A597FB4DCEC034E9F77C409E62",
            "0803125b3059301306072a8648ce3d020106082a8648ce3d03010703420004de3d300fa36ae0e8f5d530899d83abab44abf3161f162a"
                    + "4bc901d8e6ecda020e8b6d5f8da30525e71d6851510c098e5c47c646a597fb4dcec034e9f77c409e62");

    final KeyType type;
    final byte[] privateKey;
    final byte[] publicKey;

    SpecKeys(KeyType type, String privateHex, String publicHex) {
        this.type = type;
        this.privateKey = HexFormat.of().parseHex(privateHex);
        this.publicKey = HexFormat.of().parseHex(publicHex);
    }

    private static String resource(String name) {
        try (InputStream in = SpecKeys.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
