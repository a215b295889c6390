/**
 * The libp2p Kademlia DHT crawler: {@link io.peercensus.dht.DhtCrawler} and the network presets
 * ({@link io.peercensus.dht.DhtNetworkPreset}). Usually reached through {@code Crawlers.dht()}.
 */
package io.peercensus.dht;
