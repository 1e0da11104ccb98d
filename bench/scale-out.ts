import { execFile } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { hashPassword } from '../src/app/accounts/password.ts';
import { openStore } from '../src/runtime/index.ts';
import { cli } from '../test/support/cli.ts';
import { createTestDatabase, startTestPostgres } from '../test/support/postgres.ts';
import type { BalancerEvent, LoadBalancer } from './support/load-balancer.ts';
import { startLoadBalancer } from './support/load-balancer.ts';
import type { Kind, Sample } from './support/scale-out-clients.ts';
import { Client, KINDS, newLoadState } from './support/scale-out-clients.ts';
import type { StoreCounts } from './support/scale-out-invariants.ts';
import { checkStore, insideKillWindow, jobsOf } from './support/scale-out-invariants.ts';
import { sweepAfterLoad } from './support/scale-out-sweep.ts';
import type { ScaleOutMesh } from './support/scale-out-mesh.ts';
import { writeScaleOutMesh } from './support/scale-out-mesh.ts';
import type { MeshworkProcess } from './support/scale-out-processes.ts';
import { startServe, startWorkerProcess } from './support/scale-out-processes.ts';

const runFile = promisify(execFile);
const bin = join(import.meta.dirname, '..', 'bin', 'meshwork.js');
const PASSWORD = 'scale-out-password';
const ADMIN_PASSWORD = 'scale-out-admin-password';
const SERVERS = 3;
const WORKERS = 2;
/** How long the jobs the load queued may take to finish before that counts as a failure. */
const DRAIN_MS = 180_000;

export interface ScaleOutOptions {
  /** Length of the load on the three servers. */
  readonly seconds: number;
  readonly clients: number;
  /** When, from the start of the load, one server is SIGKILLed. */
  readonly killAtSeconds: number;
  /** Length of the baseline: the same clients and mix on one server, before. */
  readonly baselineSeconds: number;
  readonly log?: (line: string) => void;
}

export interface KindFigures {
  readonly count: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

export interface ScaleOutResult {
  /** Every broken invariant, one line each; empty when the run passed. */
  readonly violations: readonly string[];
  /** The printed report. */
  readonly report: readonly string[];
  readonly killWindow: { readonly from: number; readonly to: number } | null;
  readonly errorsInWindow: number;
  readonly counts: StoreCounts & {
    readonly samples: number;
    readonly auditEntries: number;
  };
  readonly figures: {
    readonly baseline: Record<Kind | 'all', KindFigures>;
    readonly beforeKill: Record<Kind | 'all', KindFigures>;
    readonly afterKill: Record<Kind | 'all', KindFigures>;
  };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Figures per kind of the samples that started within [from, to). */
function figuresOf(
  samples: readonly Sample[],
  from: number,
  to: number,
): Record<Kind | 'all', KindFigures> {
  const within = samples.filter((s) => s.start >= from && s.start < to && !s.shed);
  const seconds = Math.max(0.001, (to - from) / 1000);
  const of = (list: readonly Sample[]): KindFigures => {
    const ms = list.map((s) => s.end - s.start).sort((a, b) => a - b);
    return {
      count: list.length,
      perSecond: list.length / seconds,
      p50: percentile(ms, 50),
      p95: percentile(ms, 95),
      p99: percentile(ms, 99),
    };
  };
  const out = { all: of(within) } as Record<Kind | 'all', KindFigures>;
  for (const kind of KINDS) out[kind] = of(within.filter((s) => s.kind === kind));
  return out;
}

/** Runs `work` on every item, at most `concurrency` at once. */
async function eachLimited<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/**
 * The load test of issue 14: three `meshwork serve --workers 0` and two `meshwork worker`
 * processes on one PostgreSQL behind a round-robin balancer with health checks; clients
 * read, sign in, ask for access, decide and press "run now"; one server is SIGKILLed
 * during the load. Then the invariants: errors only inside the kill window, every
 * acknowledged write in the store, one grant per approved request, no duplicate job, the
 * audit chain intact. Figures per kind before and after the kill, against a baseline of
 * the same clients and mix on one server measured in the same run.
 */
export async function runScaleOut(options: ScaleOutOptions): Promise<ScaleOutResult> {
  const log = options.log ?? (() => undefined);
  const report: string[] = [];
  const say = (line: string): void => {
    report.push(line);
    log(line);
  };
  const violations: string[] = [];
  const postgres = await startTestPostgres();
  const database = await createTestDatabase(postgres.url, 'meshwork_scale_out');
  const people = Math.ceil(options.clients / 2);
  const mesh = writeScaleOutMesh(people);
  const processes: MeshworkProcess[] = [];
  let balancer: LoadBalancer | undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: '1',
    MESHWORK_DATABASE_URL: database.url,
    MESHWORK_ADMIN_PASSWORD: ADMIN_PASSWORD,
    MESHWORK_JOB_POLL_SECONDS: '0.5',
    // Every client comes through the balancer, so every server sees one address, the
    // balancer's: the per-address sign-in limit (30 attempts in flight or failed per 15
    // minutes) would measure the limiter, not the servers. Each client has its own user,
    // so the per-user limit stays as shipped.
    MESHWORK_LOGIN_LIMIT_PER_ADDRESS: '1000000',
  };
  try {
    // 1. The mesh built once, its people as accounts (one password hash for all).
    const built = await cli(['build', '--mesh', mesh.root], mesh.root, { env });
    if (built.code !== 0)
      throw new Error(`the mesh did not build:\n${built.stdout}${built.stderr}`);
    await createAccounts(mesh, env);

    // 2. The processes: the first server alone (it migrates and, in a fresh clone, builds
    //    the portal), then the others and the workers.
    const first = await startServe('server-1', mesh.root, env);
    processes.push(first.proc);
    const rest = await Promise.all(
      Array.from({ length: SERVERS - 1 }, (_, i) => startServe(`server-${i + 2}`, mesh.root, env)),
    );
    processes.push(...rest.map((r) => r.proc));
    const servers = [first, ...rest];
    for (let i = 0; i < WORKERS; i++)
      processes.push(await startWorkerProcess(`worker-${i + 1}`, mesh.root, env));
    balancer = await startLoadBalancer([first.url]);
    const lb = balancer;
    say(
      `load average before: ${loadavg()[0]!.toFixed(2)} on ${cpus().length} cores; ` +
        `${options.clients} clients (${people} owners, ${options.clients - people} analysts), ` +
        `${SERVERS} servers (--workers 0) + ${WORKERS} workers on PostgreSQL`,
    );

    // 3. The baseline: the same clients and mix, one server.
    const state = newLoadState();
    const clients = Array.from({ length: options.clients }, (_, i) => {
      const owner = i % 2 === 0;
      const username = owner ? mesh.owners[i >> 1]! : mesh.analysts[i >> 1]!;
      return new Client(
        () => lb.url,
        username,
        owner ? 'owner' : 'analyst',
        PASSWORD,
        mesh,
        state,
        i + 1,
      );
    });
    // Everyone signs in first, a few at a time on every server (password checks are
    // meant to be slow: 200 at once would only measure the sign-in gate); a client whose
    // sign-in was turned away tries again.
    lb.use(servers.map((s) => s.url));
    const warmFrom = Date.now();
    await eachLimited(clients, 6, async (client) => {
      for (let attempt = 1; !(await client.signIn()); attempt++) {
        if (attempt >= 5) throw new Error(`${client.username} could not sign in`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    });
    say(`signed in ${clients.length} clients in ${((Date.now() - warmFrom) / 1000).toFixed(1)} s`);
    lb.use([first.url]);
    const baselineFrom = Date.now();
    await Promise.all(clients.map((c) => c.run(baselineFrom + options.baselineSeconds * 1000)));
    const baselineTo = Date.now();

    // 4. The load on all servers, and the kill.
    lb.use(servers.map((s) => s.url));
    const victim = servers[1]!;
    const loadFrom = Date.now();
    const loadUntil = loadFrom + options.seconds * 1000;
    let killedAt = 0;
    const killer = new Promise<void>((resolve) =>
      setTimeout(() => {
        killedAt = Date.now();
        victim.proc.child.kill('SIGKILL');
        resolve();
      }, options.killAtSeconds * 1000),
    );
    await Promise.all([...clients.map((c) => c.run(loadUntil)), killer]);
    const loadTo = Date.now();
    const takenOut = lb.events.find(
      (e: BalancerEvent) => e.backend === victim.url && e.what === 'taken-out' && e.at >= killedAt,
    );
    const killWindow = takenOut ? { from: killedAt, to: takenOut.at } : null;
    say(
      killWindow
        ? `kill window: ${victim.url} (${victim.proc.name}) SIGKILLed at +${((killedAt - loadFrom) / 1000).toFixed(2)} s, taken out by the balancer ${killWindow.to - killWindow.from} ms later (${takenOut!.reason}); requests in flight then count as inside`
        : `the balancer never took ${victim.url} out after the kill`,
    );
    if (!killWindow) violations.push(`the balancer never took the killed server ${victim.url} out`);

    // 5. Errors only inside the kill window.
    const samples = state.samples;
    const inside = (s: Sample): boolean => insideKillWindow(s, victim.url, killWindow);
    const measured = samples.filter((s) => s.start >= baselineFrom);
    const shed = measured.filter((s) => s.shed);
    say(
      `sign-ins turned away by the servers' sign-in gate (503 Busy with Retry-After, by design; not errors): ${shed.length} of ${measured.filter((s) => s.kind === 'sign-in').length}`,
    );
    const errors = samples.filter((s) => s.error !== null);
    const outside = errors.filter((s) => !inside(s));
    const errorsInWindow = errors.length - outside.length;
    say(
      `errors: ${errors.length} (${errorsInWindow} inside the kill window, ${outside.length} outside)`,
    );
    for (const s of outside) {
      const line = `error outside the kill window at +${((s.start - loadFrom) / 1000).toFixed(2)} s: ${s.kind} ${s.path} via ${s.backend ?? '?'} → ${s.error}`;
      violations.push(line);
    }
    for (const s of outside.slice(0, 30)) say(`  ${s.kind} ${s.path} → ${s.error}`);
    const why = new Map<string, number>();
    for (const s of errors.filter(inside)) {
      const key = `${s.status} ${(s.error ?? '').replace(/^\d+: /, '').slice(0, 60)}`;
      why.set(key, (why.get(key) ?? 0) + 1);
    }
    if (why.size > 0)
      say(`  inside the window: ${[...why].map(([key, n]) => `${n} × ${key}`).join('; ')}`);
    const twice = clients.flatMap((c) => c.twice);
    for (const id of twice)
      violations.push(`access request ${id}: two owners were both told their decision won`);

    // 6. The writes: wait for the queued jobs, then compare with the store.
    const store = await openStore({ meshRoot: mesh.root, env });
    let counts: StoreCounts;
    try {
      const drainedBy = Date.now() + DRAIN_MS;
      for (;;) {
        const open = (await jobsOf(store)).filter(
          (j) =>
            (j.state === 'queued' || j.state === 'running') && Date.parse(j.createdAt) <= loadTo,
        );
        if (open.length === 0) break;
        if (Date.now() > drainedBy) {
          violations.push(
            `jobs still open ${DRAIN_MS / 1000} s after the load: ${open.map((j) => `${j.id} (${j.state})`).join(', ')}`,
          );
          break;
        }
        await new Promise((r) => setTimeout(r, 500));
      }
      // The sweep the servers run on their schedule, once now: it must complete every
      // request the kill left half-approved, so the checks below allow none.
      const recovery = await sweepAfterLoad(store, mesh.root, env);
      say(
        `sweep after the load: ${recovery.completed.length} request(s) completed with their stored grant, ${recovery.activated.length} activated again, ${recovery.provisionFailed.length} with a failed provisioning, ${recovery.failed.length} failed${recovery.failed.length > 0 ? ` (${recovery.failed.map((f) => `${f.requestId}: ${f.reason}`).join('; ')})` : ''}`,
      );
      counts = await checkStore(store, state, violations, say);
    } finally {
      await store.close();
    }

    // Every acknowledged sign-in's session still works, through any server.
    let lostSessions = 0;
    await eachLimited(state.acknowledged.sessions, 16, async (cookie) => {
      const answer = await fetch(new URL('/api/auth/me', lb.url), {
        headers: { cookie },
        signal: AbortSignal.timeout(30_000),
      });
      await answer.arrayBuffer();
      if (answer.status !== 200) lostSessions++;
    });
    if (lostSessions > 0)
      violations.push(
        `${lostSessions} of ${state.acknowledged.sessions.length} acknowledged sign-ins have no working session`,
      );

    // 7. The audit chain, as an operator checks it.
    const verified = await runFile(
      process.execPath,
      [bin, 'audit', 'verify', mesh.root, '--format', 'json'],
      { env, maxBuffer: 16 * 1024 * 1024 },
    ).catch((error: { stdout?: string; stderr?: string }) => ({
      stdout: error.stdout ?? '',
      stderr: error.stderr ?? '',
    }));
    let auditEntries = 0;
    try {
      const answer = JSON.parse(verified.stdout) as { intact?: boolean; count?: number };
      auditEntries = answer.count ?? 0;
      if (answer.intact !== true)
        violations.push(
          `meshwork audit verify: the chain is broken: ${verified.stdout.slice(0, 500)}`,
        );
    } catch {
      violations.push(
        `meshwork audit verify answered no JSON: ${verified.stdout}${verified.stderr}`,
      );
    }
    // Each acknowledged sign-in, request and decision wrote one audit entry at least.
    const written =
      state.acknowledged.sessions.length +
      state.acknowledged.requests.size +
      state.acknowledged.decisions.size;
    if (auditEntries < written)
      violations.push(
        `the audit trail has ${auditEntries} entries, fewer than the ${written} acknowledged sign-ins, requests and decisions`,
      );
    say(
      `audit chain: ${auditEntries} entries, ${violations.some((v) => v.startsWith('meshwork audit')) ? 'BROKEN' : 'intact'} (meshwork audit verify)`,
    );

    // 8. Figures.
    const figures = {
      baseline: figuresOf(samples, baselineFrom, baselineTo),
      beforeKill: figuresOf(samples, loadFrom, killedAt),
      afterKill: figuresOf(samples, killWindow?.to ?? killedAt, loadTo),
    };
    say(`load average after: ${loadavg()[0]!.toFixed(2)} on ${cpus().length} cores`);
    say(
      `requests per backend: ${[...lb.forwarded].map(([url, n]) => `${servers.find((s) => s.url === url)?.proc.name ?? url} ${n}`).join(', ')}`,
    );
    for (const line of figureLines(figures, options)) say(line);
    say(
      `acknowledged: ${counts.signIns} sign-ins, ${counts.requests} access requests, ${counts.decisions} decisions (${counts.approved} approvals → ${counts.grants} grants; ${counts.doubledDecisions} requests decided by two owners at once), ${counts.jobs} run-now jobs, ${counts.scheduledJobs} scheduled jobs`,
    );
    for (const e of lb.events)
      say(
        `balancer: ${servers.find((s) => s.url === e.backend)?.proc.name ?? e.backend} ${e.what} at +${((e.at - loadFrom) / 1000).toFixed(2)} s (${e.reason})`,
      );
    for (const p of processes)
      if (p !== victim.proc && (p.child.exitCode !== null || p.child.signalCode !== null))
        violations.push(`${p.name} stopped on its own (${p.child.exitCode ?? p.child.signalCode})`);
    if (violations.length > 0)
      for (const p of processes)
        say(`--- ${p.name}, the end of what it printed:\n${p.output().slice(-3000)}`);
    say(
      violations.length === 0 ? 'invariants: all hold' : `invariants: ${violations.length} broken`,
    );
    return {
      violations,
      report,
      killWindow,
      errorsInWindow,
      counts: { ...counts, samples: samples.length, auditEntries },
      figures,
    };
  } finally {
    await balancer?.close();
    await Promise.all(processes.map((p) => p.stop()));
    mesh.remove();
    await database.drop().catch(() => undefined);
    await postgres.stop();
  }
}

async function createAccounts(mesh: ScaleOutMesh, env: NodeJS.ProcessEnv): Promise<void> {
  const store = await openStore({ meshRoot: mesh.root, env });
  try {
    const passwordHash = await hashPassword(PASSWORD);
    const createdAt = new Date().toISOString();
    for (const username of [...mesh.owners, ...mesh.analysts])
      await store.users.put({
        username,
        name: username,
        email: `${username}@example.com`,
        roles: [],
        passwordHash,
        oidcSubject: null,
        disabled: false,
        createdAt,
      });
  } finally {
    await store.close();
  }
}

function figureLines(figures: ScaleOutResult['figures'], options: ScaleOutOptions): string[] {
  const ms = (n: number): string => (Number.isNaN(n) ? '   -' : `${n.toFixed(0).padStart(4)}`);
  const row = (label: string, f: KindFigures, base?: KindFigures): string =>
    `  ${label.padEnd(9)} ${String(f.count).padStart(6)} req ${f.perSecond.toFixed(1).padStart(7)} req/s` +
    `  p50 ${ms(f.p50)} ms  p95 ${ms(f.p95)} ms  p99 ${ms(f.p99)} ms` +
    (base && base.perSecond > 0
      ? `  (×${(f.perSecond / base.perSecond).toFixed(2)} req/s, p95 ×${(f.p95 / base.p95).toFixed(2)} of one server's)`
      : '');
  const lines: string[] = [];
  const block = (
    title: string,
    f: Record<Kind | 'all', KindFigures>,
    base?: Record<Kind | 'all', KindFigures>,
  ): void => {
    lines.push(title);
    for (const kind of [...KINDS, 'all'] as const) lines.push(row(kind, f[kind], base?.[kind]));
  };
  block(
    `baseline: one server, ${options.clients} clients, ${options.baselineSeconds} s`,
    figures.baseline,
  );
  block(`${SERVERS} servers before the kill`, figures.beforeKill, figures.baseline);
  block(
    `${SERVERS - 1} servers after the kill (from when the balancer took it out)`,
    figures.afterKill,
    figures.baseline,
  );
  return lines;
}

/** `npm run bench scale-out`: 200 clients, 60 s, the kill at 25 s, a 10 s baseline. */
export async function benchScaleOut(
  options: Partial<ScaleOutOptions> = {},
): Promise<ScaleOutResult> {
  const result = await runScaleOut({
    seconds: 60,
    clients: 200,
    killAtSeconds: 25,
    baselineSeconds: 10,
    log: (line) => console.log(line),
    ...options,
  });
  for (const v of result.violations) console.log(`FAILED: ${v}`);
  if (result.violations.length > 0) process.exitCode = 1;
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string' },
      clients: { type: 'string' },
      'kill-at': { type: 'string' },
      baseline: { type: 'string' },
    },
  });
  const number = (value: string | undefined, name: string): number | undefined => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) {
      console.error(`bench/scale-out.ts: --${name} must be a positive number, not "${value}".`);
      process.exit(2);
    }
    return n;
  };
  const seconds = number(values.seconds, 'seconds');
  const killAt = number(values['kill-at'], 'kill-at');
  const clients = number(values.clients, 'clients');
  const baseline = number(values.baseline, 'baseline');
  await benchScaleOut({
    ...(seconds === undefined ? {} : { seconds }),
    ...(clients === undefined ? {} : { clients: Math.round(clients) }),
    ...(baseline === undefined ? {} : { baselineSeconds: baseline }),
    killAtSeconds: killAt ?? (seconds === undefined ? 25 : Math.round(seconds * (25 / 60))),
  });
}
