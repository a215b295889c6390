/** The yamux stream multiplexer ({@code /yamux/1.0.0}): frame header, session with a reader thread, streams. Not public API. */
package io.peercensus.dht.internal.yamux;
