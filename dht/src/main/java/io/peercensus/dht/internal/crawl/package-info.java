/** The DHT prober, its routing-table walk and bootstrap resolution. Not public API. */
package io.peercensus.dht.internal.crawl;
