import { spawn } from 'node:child_process';

/** What `read` found: the blob's text, or why there is none. */
export type BlobRead =
  | { readonly kind: 'blob'; readonly oid: string; readonly text: string }
  | { readonly kind: 'cached'; readonly oid: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'too-large'; readonly oid: string; readonly size: number };

/** Longer than any header git answers with (an object name, type and size, or a name and "missing"). */
const MAX_HEADER = 64 * 1024;

/**
 * Reads blobs through ONE `git cat-file --batch-command` process (git 2.36 or newer) rather
 * than one process per file: `info` first, so a blob over `maxBytes` is refused by its size
 * without git sending it, then `contents` for the rest. One request at a time, so at most
 * one blob (bounded by `maxBytes`) is held; a blob whose id `known` reports is not sent
 * again. git runs with an argument list, never a shell.
 */
export class GitBlobReader {
  private readonly child;
  private buffered: Buffer = Buffer.alloc(0);
  private wake: (() => void) | null = null;
  private ended = false;
  private failure: string | null = null;

  constructor(cwd: string, env: NodeJS.ProcessEnv) {
    this.child = spawn('git', ['cat-file', '--batch-command'], {
      cwd,
      env,
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
      this.notify();
    });
    this.child.stdout.on('end', () => {
      this.ended = true;
      this.notify();
    });
    this.child.on('error', (error) => {
      this.failure = error.message;
      this.ended = true;
      this.notify();
    });
    // A write after git ended (say an old git refusing the option) must not throw unhandled.
    this.child.stdin.on('error', () => undefined);
  }

  /** The blob `object` (`<commit>:<path>`) names; throws when git itself fails. */
  async read(object: string, maxBytes: number, known: (oid: string) => boolean): Promise<BlobRead> {
    // The protocol is line-based; a name with a line break cannot be asked for.
    if (/[\r\n]/.test(object)) return { kind: 'missing' };
    this.child.stdin.write(`info ${object}\n`);
    const header = (await this.line()).split(' ');
    if (header.length !== 3 || !/^[0-9a-f]{40,64}$/.test(header[0] ?? ''))
      return { kind: 'missing' };
    const [oid = '', type, sizeText = ''] = header;
    const size = Number(sizeText);
    if (type !== 'blob' || !/^\d+$/.test(sizeText)) return { kind: 'missing' };
    if (size > maxBytes) return { kind: 'too-large', oid, size };
    if (known(oid)) return { kind: 'cached', oid };
    this.child.stdin.write(`contents ${oid}\n`);
    const again = (await this.line()).split(' ');
    if (again[0] !== oid || again[2] !== sizeText) throw this.broken('an unexpected answer');
    const bytes = await this.bytes(size + 1);
    if (bytes[size] !== 0x0a) throw this.broken('an unexpected answer');
    return { kind: 'blob', oid, text: bytes.subarray(0, size).toString('utf8') };
  }

  /** Ends the git process (it exits once its input is closed; killed should it not). */
  close(): void {
    this.child.stdin.end();
    if (!this.ended) setTimeout(() => this.child.kill(), 5_000).unref();
  }

  private async line(): Promise<string> {
    for (;;) {
      const end = this.buffered.indexOf(0x0a);
      if (end >= 0) {
        const text = this.buffered.subarray(0, end).toString('utf8');
        this.buffered = this.buffered.subarray(end + 1);
        return text;
      }
      if (this.buffered.length > MAX_HEADER) throw this.broken('an answer too long');
      await this.more();
    }
  }

  private async bytes(count: number): Promise<Buffer> {
    while (this.buffered.length < count) await this.more();
    const taken = this.buffered.subarray(0, count);
    this.buffered = this.buffered.subarray(count);
    return taken;
  }

  private more(): Promise<void> {
    if (this.ended) return Promise.reject(this.broken('no answer'));
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private broken(what: string): Error {
    return new Error(
      `git cat-file --batch-command gave ${what}${this.failure === null ? '' : ` (${this.failure})`}; git 2.36 or newer is needed`,
    );
  }
}
