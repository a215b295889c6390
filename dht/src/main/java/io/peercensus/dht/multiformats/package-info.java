/**
 * Multiformats as libp2p uses them: {@link io.peercensus.dht.multiformats.Multiaddr},
 * {@link io.peercensus.dht.multiformats.Multihash} and {@link io.peercensus.dht.multiformats.PeerId}.
 * Every decoder caps sizes before it allocates and throws
 * {@link io.peercensus.dht.multiformats.MultiformatException} on malformed input.
 */
package io.peercensus.dht.multiformats;
