// A network of js-libp2p Kademlia DHT servers on loopback: the independent implementation that
// peercensus's DHT crawler is tested against (see io.peercensus.dht.interop.JsLibp2pNetwork).
//
//   node network.mjs --nodes 30 --seed 7 --base-ip 127.77.0.
//
// Node i (0-based) listens on TCP at <base-ip><i+1> and also dials from that address, so every
// connection between two nodes has distinct addresses on both sides (a js-libp2p node accepts only
// inboundConnectionThreshold = 5 new inbound connections per second from one source IP).
// Key types go round-robin Ed25519, secp256k1, RSA-2048; every key is derived from the seed, so the
// same seed gives the same peer IDs. Nothing is ever sent off loopback: no bootstrap list, no mDNS,
// no autonat, relay, UPnP or dcutr, and only 127.x addresses are listened on or dialled.
//
// stdout carries JSON lines only:
//   {"ready":true,"nodes":[...]}     once every routing table holds --min-table peers, every node can be
//                                    reached from every other through routing tables, and they have settled
//   {"ready":false,"error":"..."}    if that did not happen within --timeout-ms (then exit 1)
//   {"snapshot":true,"nodes":[...]}  in answer to a line "snapshot" on stdin
//   {"stalled":true,"peerId":"...","protocol":"..."}
//                                    in answer to a line "stall <node index> <protocol> <answered>" on stdin:
//                                    from then on, that node answers the streams of <protocol> that peers
//                                    outside the fixture open (the crawler's) only for the first <answered>
//                                    of them; it takes the later ones and never reads, answers or closes
//                                    them (a peer that stalls identify or FIND_NODE after the muxer is up).
//                                    Fixture nodes are still answered, so the routing tables stay as they are.
// The process runs until stdin closes or SIGTERM/SIGINT arrives, then stops every node and exits 0.
// Diagnostics go to stderr.
//
// The machine this runs on may be busy (CI shares two cores with other builds), so every timeout that
// decides whether two nodes stay connected or enter each other's tables is generous (SLOW_MACHINE_MS):
// with js-libp2p's defaults (5 s pings, 10 s upgrades) a starved process drops its own connections
// and tables stall. The protocols and their defaults toward the crawler are otherwise untouched: the
// connection monitor still pings every connection and aborts one whose ping stream is reset.

// js-libp2p 3 targets Node 22; Node 20 lacks Promise.withResolvers. The polyfill must be installed
// before libp2p's modules are evaluated, hence the dynamic imports below.
if (typeof Promise.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers () {
      let resolve
      let reject
      const promise = new this((res, rej) => { resolve = res; reject = rej })
      return { promise, resolve, reject }
    }
  })
}

const { createHash, createPrivateKey, checkPrimeSync } = await import('node:crypto')
const { createInterface } = await import('node:readline')
const { createLibp2p } = await import('libp2p')
const { tcp } = await import('@libp2p/tcp')
const { noise } = await import('@chainsafe/libp2p-noise')
const { yamux } = await import('@chainsafe/libp2p-yamux')
const { identify } = await import('@libp2p/identify')
const { ping } = await import('@libp2p/ping')
const { kadDHT, passthroughMapper } = await import('@libp2p/kad-dht')
const { generateKeyPairFromSeed, privateKeyFromRaw } = await import('@libp2p/crypto/keys')
const { multiaddr } = await import('@multiformats/multiaddr')

const KAD_PROTOCOL = '/ipfs/kad/1.0.0'
const SLOW_MACHINE_MS = 30_000
const P2P_CODE = 421
const KEY_TYPES = ['Ed25519', 'secp256k1', 'RSA']
const SECP256K1_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n

function log (...parts) {
  process.stderr.write(`[network.mjs] ${parts.join(' ')}\n`)
}

function emit (value) {
  process.stdout.write(JSON.stringify(value) + '\n')
}

function parseArgs (argv) {
  const opts = {
    nodes: 30,
    seed: 1n,
    baseIp: '127.77.0.',
    degree: undefined,
    minTable: undefined,
    timeoutMs: 240_000,
    settleMs: 1_500,
    topUpAfterMs: 5_000
  }
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]
    const value = argv[i + 1]
    if (value === undefined) throw new Error(`option ${name} needs a value`)
    switch (name) {
      case '--nodes': opts.nodes = Number.parseInt(value, 10); break
      case '--seed': opts.seed = BigInt(value); break
      case '--base-ip': opts.baseIp = value; break
      case '--degree': opts.degree = Number.parseInt(value, 10); break
      case '--min-table': opts.minTable = Number.parseInt(value, 10); break
      case '--timeout-ms': opts.timeoutMs = Number.parseInt(value, 10); break
      case '--settle-ms': opts.settleMs = Number.parseInt(value, 10); break
      case '--top-up-after-ms': opts.topUpAfterMs = Number.parseInt(value, 10); break
      default: throw new Error(`unknown option ${name}`)
    }
  }
  if (!/^127\.(\d{1,3})\.(\d{1,3})\.$/.test(opts.baseIp) ||
      opts.baseIp.split('.').slice(1, 3).some(octet => Number(octet) > 255)) {
    throw new Error(`--base-ip must be a loopback prefix like 127.77.0. (got ${opts.baseIp})`)
  }
  if (!(opts.nodes >= 2 && opts.nodes <= 254)) throw new Error(`--nodes must be 2..254 (got ${opts.nodes})`)
  opts.degree ??= Math.min(opts.nodes - 1, 4)
  if (!(opts.degree >= 1 && opts.degree < opts.nodes)) throw new Error(`--degree must be 1..nodes-1 (got ${opts.degree})`)
  opts.minTable ??= Math.min(opts.nodes - 1, 8)
  if (!(opts.minTable >= 1 && opts.minTable < opts.nodes)) throw new Error(`--min-table must be 1..nodes-1 (got ${opts.minTable})`)
  return opts
}

/** Deterministic bytes: SHA-256(seed as signed 64-bit big-endian || label || counter). */
class SeededBytes {
  constructor (seed, label) {
    this.prefix = Buffer.alloc(8)
    this.prefix.writeBigInt64BE(BigInt.asIntN(64, seed))
    this.label = Buffer.from(label, 'utf8')
    this.counter = 0
  }

  next (length) {
    const chunks = []
    let have = 0
    while (have < length) {
      const counter = Buffer.alloc(4)
      counter.writeUInt32BE(this.counter++)
      const block = createHash('sha256').update(this.prefix).update(this.label).update(counter).digest()
      chunks.push(block)
      have += block.length
    }
    return new Uint8Array(Buffer.concat(chunks).subarray(0, length))
  }

  /** A uniform integer in [0, bound). */
  below (bound) {
    const limit = Math.floor(0x100000000 / bound) * bound
    for (;;) {
      const value = Buffer.from(this.next(4)).readUInt32BE()
      if (value < limit) return value % bound
    }
  }
}

const toBigInt = bytes => BigInt('0x' + Buffer.from(bytes).toString('hex'))

function toBase64Url (value) {
  let hex = value.toString(16)
  if (hex.length % 2 === 1) hex = '0' + hex
  return Buffer.from(hex, 'hex').toString('base64url')
}

function modInverse (a, m) {
  let [oldR, r] = [a % m, m]
  let [oldS, s] = [1n, 0n]
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s]
  }
  if (oldR !== 1n) throw new Error('not invertible')
  return ((oldS % m) + m) % m
}

/** A prime of exactly `bits` bits (top two bits set) with gcd(p - 1, 65537) = 1. */
function seededPrime (bytes, bits) {
  for (;;) {
    const candidate = bytes.next(bits / 8)
    candidate[0] |= 0xc0
    candidate[candidate.length - 1] |= 0x01
    const p = toBigInt(candidate)
    if (p % 65537n !== 1n && checkPrimeSync(p, { checks: 40 })) return p
  }
}

/** RSA-2048 from the seed: Node's generator takes no seed, so the primes are drawn here. */
function seededRsaKey (bytes) {
  const e = 65537n
  const p = seededPrime(bytes, 1024)
  let q
  do { q = seededPrime(bytes, 1024) } while (q === p)
  const d = modInverse(e, (p - 1n) * (q - 1n))
  const jwk = {
    kty: 'RSA',
    n: toBase64Url(p * q),
    e: toBase64Url(e),
    d: toBase64Url(d),
    p: toBase64Url(p),
    q: toBase64Url(q),
    dp: toBase64Url(d % (p - 1n)),
    dq: toBase64Url(d % (q - 1n)),
    qi: toBase64Url(modInverse(q, p))
  }
  const pkcs1 = createPrivateKey({ key: jwk, format: 'jwk' }).export({ type: 'pkcs1', format: 'der' })
  return privateKeyFromRaw(new Uint8Array(pkcs1))
}

async function seededKey (seed, index) {
  const type = KEY_TYPES[index % KEY_TYPES.length]
  const bytes = new SeededBytes(seed, `peercensus-fixture key ${index}`)
  switch (type) {
    case 'Ed25519':
      return generateKeyPairFromSeed('Ed25519', bytes.next(32))
    case 'secp256k1':
      for (;;) {
        const raw = bytes.next(32)
        const scalar = toBigInt(raw)
        if (scalar > 0n && scalar < SECP256K1_ORDER) return privateKeyFromRaw(raw)
      }
    case 'RSA':
      return seededRsaKey(bytes)
  }
}

/** Node i dials i+1 (a ring keeps the graph connected) and degree-1 further nodes drawn from the seed. */
function chooseNeighbours (opts) {
  const rng = new SeededBytes(opts.seed, 'peercensus-fixture wiring')
  const neighbours = []
  for (let i = 0; i < opts.nodes; i++) {
    const chosen = [(i + 1) % opts.nodes]
    while (chosen.length < opts.degree) {
      const j = rng.below(opts.nodes)
      if (j !== i && !chosen.includes(j)) chosen.push(j)
    }
    neighbours.push(chosen)
  }
  return neighbours
}

async function startNode (opts, index) {
  const ip = `${opts.baseIp}${index + 1}`
  const privateKey = await seededKey(opts.seed, index)
  const node = await createLibp2p({
    privateKey,
    addresses: { listen: [`/ip4/${ip}/tcp/0`] },
    // dialOpts go straight to net.connect: bind outgoing sockets to this node's own address.
    transports: [tcp({ dialOpts: { localAddress: ip } })],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    nodeInfo: { userAgent: `peercensus-fixture/1.0 node-${index} ${privateKey.type}` },
    connectionManager: { inboundUpgradeTimeout: SLOW_MACHINE_MS },
    connectionMonitor: { pingTimeout: { minTimeout: SLOW_MACHINE_MS } },
    services: {
      identify: identify({ timeout: SLOW_MACHINE_MS }),
      // kad-dht's contact pings and the connection monitor's may overlap on one connection; the default
      // limit of one outbound ping stream then fails the monitor's ping, which aborts the connection.
      ping: ping({ maxInboundStreams: 4, maxOutboundStreams: 4 }),
      dht: kadDHT({
        protocol: KAD_PROTOCOL,
        clientMode: false,
        pingNewContactTimeout: { minTimeout: SLOW_MACHINE_MS },
        pingOldContactTimeout: { minTimeout: SLOW_MACHINE_MS },
        // The default mapper drops private (so loopback) addresses from routing and replies.
        peerInfoMapper: passthroughMapper
      })
    }
  })
  return { index, ip, privateKey, node }
}

// kad-dht 16 can hold one peer twice in a bucket (two concurrent adds both pass its duplicate check
// while the new contact is being pinged); a routing table is a set of peers, so report each once.
function routingTableOf (node) {
  const contacts = [...node.services.dht.routingTable.kb.toIterable()].map(contact => contact.peerId.toString())
  return [...new Set(contacts)].sort()
}

async function describe (entry) {
  const { node, privateKey } = entry
  const self = await node.peerStore.get(node.peerId)
  const text = key => self.metadata.has(key) ? new TextDecoder().decode(self.metadata.get(key)) : null
  return {
    peerId: node.peerId.toString(),
    keyType: privateKey.type,
    agentVersion: text('AgentVersion'),
    protocolVersion: text('ProtocolVersion'),
    protocols: [...self.protocols],
    listenAddrs: node.getMultiaddrs().map(ma => ma.decapsulateCode(P2P_CODE).toString()),
    dhtMode: node.services.dht.getMode(),
    routingTable: routingTableOf(node)
  }
}

const describeAll = entries => Promise.all(entries.map(describe))

/** Makes `entry` stall the streams of `protocol` that strangers open, after the first `answered` of them. */
async function stall (entries, entry, protocol, answered) {
  const fixture = new Set(entries.map(other => other.node.peerId.toString()))
  const registrar = entry.node.components.registrar
  const { handler, options } = registrar.getHandler(protocol)
  let strangers = 0
  const stalled = []
  await registrar.handle(protocol, (stream, connection) => {
    if (fixture.has(connection.remotePeer.toString()) || strangers++ < answered) {
      return handler(stream, connection)
    }
    stalled.push(stream) // kept, never read, answered or closed: it lives until the connection ends
  }, { ...options, force: true })
  log(`node ${entry.index} stalls ${protocol} for strangers after ${answered} answered`)
}

async function wire (opts, entries) {
  const neighbours = chooseNeighbours(opts)
  // One round per neighbour slot: every node dials one peer per round, so no node faces a burst of
  // inbound handshakes (maxIncomingPendingConnections is 10).
  for (let round = 0; round < opts.degree; round++) {
    const results = await Promise.allSettled(entries.map(async entry => {
      const target = entries[neighbours[entry.index][round]]
      const address = target.node.getMultiaddrs()[0]
      await entry.node.dial(multiaddr(address.toString()), { signal: AbortSignal.timeout(SLOW_MACHINE_MS) })
    }))
    const failed = results.filter(result => result.status === 'rejected')
    for (const failure of failed) log('dial failed:', failure.reason?.message ?? failure.reason)
    log(`wiring round ${round + 1}/${opts.degree}: ${results.length - failed.length} dials ok`)
  }
}

/**
 * Each node short of --min-table peers, or not reaching every node through routing tables, dials one more
 * node drawn from the seed (one it does not reach, if any) and adds it through kad-dht's routing table API
 * (which pings it first). Self-queries usually fill the tables on their own; on a loaded machine some pings
 * time out and kad-dht does not retry before its next refresh, minutes later.
 */
async function topUp (opts, entries, tables, reached, rng) {
  const jobs = []
  entries.forEach((entry, i) => {
    const cut = reached[i].size < entries.length
    if (tables[i].length >= opts.minTable && !cut) return
    const candidates = entries.filter((other, j) => other !== entry && !tables[i].includes(other.node.peerId.toString()) &&
      (!cut || !reached[i].has(j)))
    if (candidates.length === 0) return
    const target = candidates[rng.below(candidates.length)]
    jobs.push((async () => {
      const signal = AbortSignal.timeout(SLOW_MACHINE_MS)
      await entry.node.dial(target.node.getMultiaddrs()[0], { signal })
      await entry.node.services.dht.routingTable.add(target.node.peerId, { signal })
    })())
  })
  const results = await Promise.allSettled(jobs)
  const failed = results.filter(result => result.status === 'rejected')
  for (const failure of failed) log('top-up failed:', failure.reason?.message ?? failure.reason)
  log(`topped up ${results.length - failed.length} of ${results.length} short routing tables`)
}

/** For each node, the nodes it reaches by following routing-table entries (a crawl from it finds exactly these). */
function reachable (entries, tables) {
  const index = new Map(entries.map((entry, i) => [entry.node.peerId.toString(), i]))
  return entries.map((entry, start) => {
    const seen = new Set([start])
    const queue = [start]
    while (queue.length > 0) {
      for (const id of tables[queue.shift()]) {
        const next = index.get(id)
        if (next !== undefined && !seen.has(next)) {
          seen.add(next)
          queue.push(next)
        }
      }
    }
    return seen
  })
}

async function awaitTables (opts, entries) {
  const deadline = Date.now() + opts.timeoutMs
  const rng = new SeededBytes(opts.seed, 'peercensus-fixture top-up')
  let nextTopUp = Date.now() + opts.topUpAfterMs
  let lastShape = ''
  let stableSince = Date.now()
  for (;;) {
    const tables = entries.map(entry => routingTableOf(entry.node))
    const shape = tables.map(table => table.join(',')).join(';')
    if (shape !== lastShape) {
      lastShape = shape
      stableSince = Date.now()
    }
    const sizes = tables.map(table => table.length)
    const full = sizes.every(size => size >= opts.minTable)
    const reached = reachable(entries, tables)
    const isolated = reached.filter(set => set.size < entries.length).length
    if (full && isolated === 0 && Date.now() - stableSince >= opts.settleMs) {
      log(`routing tables ready: sizes ${sizes.join(' ')}`)
      return
    }
    if (Date.now() > deadline) {
      throw new Error(`routing tables did not reach ${opts.minTable} peers each, all nodes reaching each other, within ` +
        `${opts.timeoutMs} ms: sizes ${sizes.join(' ')}; ${isolated} nodes cannot reach all others`)
    }
    if ((!full || isolated > 0) && Date.now() >= nextTopUp) {
      log(`routing table sizes ${sizes.join(' ')}; ${isolated} nodes cannot reach all others`)
      await topUp(opts, entries, tables, reached, rng)
      nextTopUp = Date.now() + 2_000
    }
    await new Promise(resolve => setTimeout(resolve, 250))
  }
}

async function main () {
  const opts = parseArgs(process.argv.slice(2))
  const started = Date.now()
  const entries = []
  let stopping = false
  let markReady
  const ready = new Promise(resolve => { markReady = resolve })

  const shutdown = async (why) => {
    if (stopping) return
    stopping = true
    log(`stopping ${entries.length} nodes (${why})`)
    await Promise.allSettled(entries.map(entry => entry.node.stop()))
    process.exit(0)
  }
  process.on('SIGTERM', () => { void shutdown('SIGTERM') })
  process.on('SIGINT', () => { void shutdown('SIGINT') })
  const input = createInterface({ input: process.stdin })
  input.on('close', () => { void shutdown('stdin closed') })
  input.on('line', line => {
    if (line.trim() === 'snapshot') {
      // Answered only after the ready line, so the two never interleave.
      ready.then(() => stopping ? undefined : describeAll(entries))
        .then(nodes => { if (nodes !== undefined && !stopping) emit({ snapshot: true, nodes }) })
        .catch(err => log('snapshot failed:', err.stack ?? err))
    } else if (line.trim().startsWith('stall ')) {
      const [, index, protocol, answered] = line.trim().split(/\s+/)
      const entry = entries[Number.parseInt(index, 10)]
      ready.then(() => {
        if (entry === undefined) throw new Error(`no node ${index}`)
        return stall(entries, entry, protocol, Number.parseInt(answered ?? '0', 10))
      })
        .then(() => { if (!stopping) emit({ stalled: true, peerId: entry.node.peerId.toString(), protocol }) })
        .catch(err => {
          log('stall failed:', err.stack ?? err)
          emit({ stalled: false, error: String(err.message ?? err) })
        })
    } else if (line.trim() !== '') {
      log(`ignoring unknown command: ${line}`)
    }
  })

  try {
    for (let i = 0; i < opts.nodes; i++) entries.push(await startNode(opts, i))
    log(`started ${entries.length} nodes in ${Date.now() - started} ms`)
    await wire(opts, entries)
    log(`wired in ${Date.now() - started} ms`)
    await awaitTables(opts, entries)
    const nodes = await describeAll(entries)
    log(`ready in ${Date.now() - started} ms`)
    if (!stopping) emit({ ready: true, nodes })
    markReady()
  } catch (err) {
    log('failed:', err.stack ?? err)
    emit({ ready: false, error: String(err.message ?? err) })
    await Promise.allSettled(entries.map(entry => entry.node.stop()))
    process.exit(1)
  }
}

await main()
