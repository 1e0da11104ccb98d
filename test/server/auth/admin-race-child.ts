// One of two processes racing to take the admin role from each other (admin-race.test.ts):
// for race i it waits for `<dir>/race-<i>.go`, then demotes or deletes the other admin
// of that race and prints the outcome as one line `<i> <outcome>`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createEmbeddedStore } from '../../../src/stores/embedded/index.ts';

const [directory, side, racesText] = process.argv.slice(2);
if (!directory || (side !== 'a' && side !== 'z')) throw new Error('usage: DIR a|z RACES');
const store = createEmbeddedStore({ directory });
const other = side === 'a' ? 'z' : 'a';
for (let race = 0; race < Number(racesText); race++) {
  while (!existsSync(join(directory, `race-${race}.go`)))
    await new Promise((r) => setTimeout(r, 2));
  const target = `${other}${race}`;
  const result =
    race % 2 === 0
      ? await store.users.update(target, (u) => ({ ...u, roles: [] }), { keepAnAdmin: true })
      : await store.users.deleteKeepingAnAdmin(target);
  process.stdout.write(`${race} ${result.outcome}\n`);
}
