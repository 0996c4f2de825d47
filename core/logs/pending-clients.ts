// 401s waiting to learn whether they were a handshake: per client key, the 401s not yet followed by
// a success. Bounded: at most `maxClients` clients (the least recently active is judged first and
// counted as an eviction) and `maxPerClient` 401s per client (a client piling up 401s without a
// success is not shaking hands: its oldest is judged unresolved at once).
//
// A Map keeps insertion order, and a client is re-inserted whenever it logs a 401, so the first
// entry is always the least recently active client: expiry and eviction look only at the front.

export interface Pending<T> {
  ms: number;
  item: T;
}

interface Client<T> {
  lastMs: number;
  pending: Pending<T>[];
}

export interface PendingLimits {
  /** A success later than this after a 401 does not make that 401 a handshake. */
  withinMs: number;
  maxClients: number;
  maxPerClient: number;
}

export class PendingClients<T> {
  private readonly clients = new Map<string, Client<T>>();
  evictions = 0;

  constructor(
    private readonly limits: PendingLimits,
    /** Called once for every 401, with whether a success for its client came in time. */
    private readonly judge: (p: Pending<T>, handshake: boolean) => void,
  ) {}

  get size(): number {
    return this.clients.size;
  }

  /** A 401 for `key` at `ms`. */
  add(key: string, ms: number, item: T): void {
    let client = this.clients.get(key);
    if (client) this.clients.delete(key);
    else {
      if (this.clients.size >= this.limits.maxClients) this.evictOldest();
      client = { lastMs: ms, pending: [] };
    }
    client.lastMs = ms;
    client.pending.push({ ms, item });
    if (client.pending.length > this.limits.maxPerClient) this.judge(client.pending.shift()!, false);
    this.clients.set(key, client);
  }

  /** A success for `key` at `ms`: its 401s within the bound were a handshake, older ones were not. */
  succeed(key: string, ms: number): void {
    const client = this.clients.get(key);
    if (!client) return;
    this.clients.delete(key);
    for (const p of client.pending) this.judge(p, !(ms - p.ms > this.limits.withinMs));
  }

  /** Judges every client whose latest 401 is older than the bound at `nowMs`: no success can make them a handshake now. */
  expire(nowMs: number): void {
    for (const [key, client] of this.clients) {
      if (!(nowMs - client.lastMs > this.limits.withinMs)) break;
      this.clients.delete(key);
      for (const p of client.pending) this.judge(p, false);
    }
  }

  /** The input ended: what is still pending is unresolved. Returns how many 401s that was. */
  flush(): number {
    let n = 0;
    for (const client of this.clients.values()) {
      for (const p of client.pending) this.judge(p, false);
      n += client.pending.length;
    }
    this.clients.clear();
    return n;
  }

  private evictOldest(): void {
    const first = this.clients.entries().next();
    if (first.done) return;
    const [key, client] = first.value;
    this.clients.delete(key);
    this.evictions++;
    for (const p of client.pending) this.judge(p, false);
  }
}
