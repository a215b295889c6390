/** multistream-select 1.0 negotiation, initiator and responder. Not public API. */
package io.peercensus.dht.internal.multistream;
