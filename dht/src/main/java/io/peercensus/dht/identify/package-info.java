/**
 * The libp2p identify protocol ({@code /ipfs/id/1.0.0}): the {@link io.peercensus.dht.identify.IdentifyMessage}
 * codec, the client that asks a peer for it and the responder that answers.
 */
package io.peercensus.dht.identify;
