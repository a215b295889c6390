/**
 * Hand-written protobuf reading with caps and the length-prefixed framing of libp2p stream protocols
 * (identify, Kademlia). Not public API.
 */
package io.peercensus.dht.internal.protobuf;
