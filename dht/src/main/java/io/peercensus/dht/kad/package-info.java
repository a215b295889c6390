/**
 * The libp2p Kademlia DHT protocol ({@code /ipfs/kad/1.0.0} and other networks' IDs): the
 * {@link io.peercensus.dht.kad.KadMessage} codec, FIND_NODE as client and responder, and keys crafted to
 * fall into a chosen bucket of a peer's routing table.
 */
package io.peercensus.dht.kad;
