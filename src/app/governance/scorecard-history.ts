import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Scorecard } from '../../core/governance/index.ts';

/**
 * Where scorecards are kept per run, so trends can be shown. Embedded mode writes a
 * JSON-lines file in the workspace; the team server keeps them in its store instead.
 */
export interface ScorecardHistory {
  append(card: Scorecard): Promise<void>;
  /** Every recorded scorecard, oldest first. */
  list(): Promise<Scorecard[]>;
}

export const SCORECARD_FILE = join('.meshwork', 'scorecards.jsonl');

/** `<mesh root>/.meshwork/scorecards.jsonl`: one scorecard per line, appended per run. */
export function createFileScorecardHistory(meshRoot: string): ScorecardHistory {
  const file = join(meshRoot, SCORECARD_FILE);
  return {
    async append(card) {
      await mkdir(join(meshRoot, '.meshwork'), { recursive: true });
      // One appendFile per line: a line is written whole, so runs at once do not interleave.
      await appendFile(file, `${JSON.stringify(card)}\n`, 'utf8');
    },
    async list() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      const cards: Scorecard[] = [];
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue;
        try {
          cards.push(JSON.parse(line) as Scorecard);
        } catch {
          // A line cut short by a crash is skipped; the others still count.
        }
      }
      return cards;
    },
  };
}
