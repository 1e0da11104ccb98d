/**
 * Literals Meshwork writes into SQL (`standardLiteral`: quotes doubled, backslashes left
 * alone) are only literals when backslashes are plain characters. A server or database may
 * be configured with standard_conforming_strings off; then a value holding `\'` would end
 * its literal and the rest would run as SQL (a row-filter value or a team name turned into
 * a statement). Every session Meshwork opens to read, provision or serve therefore turns it
 * on, and refuses to go on when the server does not confirm it.
 */

/** The one member of a pg client this needs (typed structurally). */
interface PgQueryable {
  query(sql: string): Promise<{ rows: Record<string, unknown>[] }>;
}

export async function requireStandardStrings(client: PgQueryable): Promise<void> {
  await client.query('SET standard_conforming_strings = on');
  const shown = await client.query('SHOW standard_conforming_strings');
  const value = shown.rows[0]?.['standard_conforming_strings'];
  if (value !== 'on') {
    throw new Error(
      `standard_conforming_strings is ${JSON.stringify(value)} after setting it on; ` +
        'Meshwork writes no SQL in such a session',
    );
  }
}
