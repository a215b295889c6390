/**
 * The libp2p connection upgrade over TCP (multistream-select, Noise, yamux) and the timed input every layer
 * reads through. Not public API.
 */
package io.peercensus.dht.internal.transport;
