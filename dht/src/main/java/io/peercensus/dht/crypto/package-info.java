/**
 * libp2p keys as the peer-ids spec defines them: the {@code PublicKey}/{@code PrivateKey} protobuf
 * wrappers, the four key types (RSA, Ed25519, secp256k1, ECDSA) and their signatures. Malformed key
 * bytes throw {@link io.peercensus.dht.crypto.MalformedKeyException}; a bad signature is {@code false}.
 */
package io.peercensus.dht.crypto;
