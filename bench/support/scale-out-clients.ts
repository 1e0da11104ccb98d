import type { ScaleOutMesh } from './scale-out-mesh.ts';

/** What a client does in one step. */
export type Kind = 'read' | 'sign-in' | 'request' | 'decision' | 'run-now';
export const KINDS: readonly Kind[] = ['read', 'sign-in', 'request', 'decision', 'run-now'];

/** One request a client sent, as it saw it (times in ms since the epoch). */
export interface Sample {
  readonly kind: Kind;
  readonly path: string;
  readonly start: number;
  readonly end: number;
  /** 0 when no answer came (connection refused or reset, timeout). */
  readonly status: number;
  /** Set when the answer was not one this kind of request may get. */
  readonly error: string | null;
  /** The backend the balancer chose (its `x-backend` header), when known. */
  readonly backend: string | null;
  /**
   * A sign-in the server turned away by design (503 "Busy": more password checks waiting
   * than its gate holds; it says when to come back) — counted and reported, not an error.
   */
  readonly shed: boolean;
}

/** Every write a server acknowledged, to look for in the store afterwards. */
export interface Acknowledged {
  /** Access request id → the state the answer gave it. */
  readonly requests: Map<string, string>;
  /** Access request id → the decision a 200 answer confirmed. */
  readonly decisions: Map<string, 'approve' | 'reject'>;
  /** Ids of the build jobs "run now" answered 202 with. */
  readonly jobs: Set<string>;
  /** Session cookies of the answered sign-ins (`name=value`). */
  readonly sessions: string[];
}

export interface LoadState {
  readonly samples: Sample[];
  readonly acknowledged: Acknowledged;
  /** Requests waiting for an owner's decision; an id twice is decided by two owners at once. */
  readonly pending: string[];
  /** Request ids handed to two owners on purpose (a 409 for the second is expected). */
  readonly doubled: Set<string>;
}

export function newLoadState(): LoadState {
  return {
    samples: [],
    acknowledged: { requests: new Map(), decisions: new Map(), jobs: new Set(), sessions: [] },
    pending: [],
    doubled: new Set(),
  };
}

const READS = [
  '/api/products',
  '/api/products?q=orders',
  '/api/products?q=revenue&domain=sales',
  '/api/products/sales-orders',
  '/api/products/marketing-segments',
  '/api/domains',
  '/api/domains/sales',
  '/api/products/sales-orders/lineage?direction=both&depth=2',
  '/api/products/sales-revenue/jobs',
] as const;

/** A small deterministic generator, so two runs send the same mix. */
function random(seed: number): () => number {
  // Small seeds (1, 2, …) start xorshift on tiny numbers: spread them, and skip ahead.
  let state = (Math.imul(seed, 2_654_435_761) ^ 0x9e3779b9) >>> 0 || 1;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
  for (let i = 0; i < 16; i++) next();
  return next;
}

/**
 * A client gives up after two minutes (an error). Long: 200 clients without think time on
 * a shared two-core machine queue for seconds, which the latency figures show.
 */
const REQUEST_TIMEOUT_MS = 120_000;

/**
 * One simulated person: signs in, then until `until` sends one request after the other
 * (no think time), choosing by its role — an analyst of the finance team reads (80 %),
 * asks for access (17 %) and signs in again (3 %); an owner of the sales team reads
 * (76 %), decides a waiting request (16 %; approves two of three), presses "run now" on a
 * sales product (5 %) and signs in again (3 %).
 */
export class Client {
  private cookie = '';
  private csrf = '';
  private readonly next: () => number;
  private steps = 0;

  constructor(
    private readonly url: () => string,
    readonly username: string,
    readonly role: 'owner' | 'analyst',
    private readonly password: string,
    private readonly mesh: ScaleOutMesh,
    private readonly state: LoadState,
    seed: number,
  ) {
    this.next = random(seed);
  }

  /** Sends requests one after the other until `until`; signed in first (`signIn`). */
  async run(until: number): Promise<void> {
    while (Date.now() < until) await this.step();
  }

  private async step(): Promise<unknown> {
    this.steps++;
    const r = this.next();
    if (r < 0.03) return this.signIn();
    if (this.role === 'analyst') return r < 0.2 ? this.request() : this.read();
    if (r < 0.08) return this.runNow();
    if (r < 0.24 && this.state.pending.length > 0) return this.decide();
    return this.read();
  }

  private async send(
    kind: Kind,
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    expected: readonly number[],
  ): Promise<{ status: number; json: unknown; headers: Headers | null }> {
    const start = Date.now();
    let status = 0;
    let json: unknown = null;
    let headers: Headers | null = null;
    let error: string | null = null;
    let shed = false;
    try {
      const answer = await fetch(new URL(path, this.url()), {
        method,
        headers: {
          ...(this.cookie ? { cookie: this.cookie } : {}),
          ...(method === 'POST' && this.csrf ? { 'x-csrf-token': this.csrf } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      status = answer.status;
      headers = answer.headers;
      const text = await answer.text();
      try {
        json = text === '' ? null : JSON.parse(text);
      } catch {
        json = text;
      }
      if (kind === 'sign-in' && status === 503 && answer.headers.has('retry-after')) shed = true;
      else if (!expected.includes(status))
        error = `${status}: ${typeof json === 'string' ? json : JSON.stringify(json)}`.slice(
          0,
          300,
        );
    } catch (caught) {
      const cause = caught instanceof Error ? (caught.cause as Error | undefined) : undefined;
      error = `no answer: ${cause?.message ?? (caught instanceof Error ? caught.message : String(caught))}`;
    }
    this.state.samples.push({
      kind,
      path,
      start,
      end: Date.now(),
      status,
      error,
      backend: headers?.get('x-backend') ?? null,
      shed,
    });
    return { status, json, headers: error === null ? headers : null };
  }

  /** Signs in again; a sign-in turned away keeps the session the client has. */
  async signIn(): Promise<boolean> {
    const { status, json, headers } = await this.send(
      'sign-in',
      'POST',
      '/api/auth/login',
      { username: this.username, password: this.password },
      [200],
    );
    if (status !== 200 || !headers) return false;
    const cookie = headers.getSetCookie().find((c) => /session=/.test(c));
    const csrf = (json as { csrfToken?: unknown }).csrfToken;
    if (!cookie || typeof csrf !== 'string') return false;
    this.cookie = cookie.split(';')[0]!;
    this.csrf = csrf;
    this.state.acknowledged.sessions.push(this.cookie);
    return true;
  }

  private async read(): Promise<void> {
    await this.send('read', 'GET', READS[this.steps % READS.length]!, undefined, [200]);
  }

  private async request(): Promise<void> {
    const { status, json } = await this.send(
      'request',
      'POST',
      '/api/access-requests',
      {
        productId: this.mesh.port.productId,
        port: this.mesh.port.port,
        consumerTeam: this.mesh.consumerTeam,
        purpose: this.mesh.purpose,
        endsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        justification: `Revenue per region (${this.username}, step ${this.steps})`,
      },
      [201],
    );
    if (status !== 201) return;
    const request = json as { id?: unknown; state?: unknown };
    if (typeof request.id !== 'string') return;
    this.state.acknowledged.requests.set(request.id, String(request.state));
    this.state.pending.push(request.id);
    // Every tenth request is handed to two owners, who decide it at about the same time
    // (mostly on two servers): one decision wins, the other gets 409.
    if (this.state.acknowledged.requests.size % 10 === 0) {
      this.state.doubled.add(request.id);
      this.state.pending.push(request.id);
    }
  }

  private async decide(): Promise<void> {
    const id = this.state.pending.shift();
    if (id === undefined) return this.read();
    const decision = this.next() < 2 / 3 ? 'approve' : 'reject';
    const { status } = await this.send(
      'decision',
      'POST',
      `/api/access-requests/${encodeURIComponent(id)}/decision`,
      { decision, comment: `decided by ${this.username}` },
      this.state.doubled.has(id) ? [200, 409] : [200],
    );
    if (status !== 200) return;
    if (this.state.acknowledged.decisions.has(id)) this.twice.push(id);
    else this.state.acknowledged.decisions.set(id, decision);
  }

  /** Requests two owners were both told they decided. */
  readonly twice: string[] = [];

  private async runNow(): Promise<void> {
    const product = this.mesh.runnable[this.steps % this.mesh.runnable.length]!;
    const { status, json } = await this.send(
      'run-now',
      'POST',
      `/api/products/${product}/run`,
      {},
      [202, 409],
    );
    if (status !== 202) return;
    const job = json as { id?: unknown };
    if (typeof job.id === 'string') this.state.acknowledged.jobs.add(job.id);
  }
}
