package io.peercensus.examples.serve;

import io.peercensus.PeerStatus;

/**
 * What a {@code GET /peers} client asked for: which observations, and how many recent ones first.
 *
 * @param network only observations of this network, or {@code null} for all
 * @param status only observations with this status, or {@code null} for all
 * @param recent how many of the most recent observations to send first
 */
record FeedRequest(String network, PeerStatus status, int recent) {
}
