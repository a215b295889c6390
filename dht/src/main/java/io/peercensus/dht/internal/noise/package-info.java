/**
 * libp2p Noise ({@code Noise_XX_25519_ChaChaPoly_SHA256}): the Noise state machines, the libp2p handshake payload
 * and the secure channel. Our payload carries no {@code stream_muxers} extension on purpose: when both sides list
 * muxers there, go-libp2p and js-libp2p skip the multistream-select round for the muxer, and we always run it.
 * Not public API.
 */
package io.peercensus.dht.internal.noise;
