import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestRun } from '../../core/quality/index.ts';

/** A test run as it is kept, with what was tested. */
export interface RunRecord {
  readonly contract: string;
  readonly server: string | null;
  readonly run: TestRun;
}

/** Where runs are kept; the server issue puts a store behind this. */
export interface RunHistory {
  append(record: RunRecord): Promise<void>;
  list(): Promise<readonly RunRecord[]>;
}

/** JSON lines in `<mesh root>/.meshwork/runs/test-runs.jsonl`: appends never rewrite history. */
export function fileRunHistory(meshRoot: string): RunHistory {
  const folder = join(meshRoot, '.meshwork', 'runs');
  const file = join(folder, 'test-runs.jsonl');
  return {
    async append(record) {
      await mkdir(folder, { recursive: true });
      await appendFile(file, `${JSON.stringify(record)}\n`, 'utf8');
    },
    async list() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch {
        return [];
      }
      return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as RunRecord);
    },
  };
}
