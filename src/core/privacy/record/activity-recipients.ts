/**
 * Art. 30(1)(d) and (e) for one product: the consumer teams of its active grants (purpose
 * and end, the latest grant per team and purpose), the servers of its personal output
 * contracts other than Meshwork's own warehouse, and which of those servers lie in a third
 * country — with their safeguard, or a gap.
 */
import type { Grant } from '../../access/model.ts';
import { asList, asObject, customProperty } from '../../json/loose.ts';
import type { JsonObject } from '../../json/loose.ts';
import { purposeTitle } from './activity-purposes.ts';
import type { PurposeContext } from './activity-purposes.ts';
import { countryCode, hasAdequacyDecision, isEuEea } from './countries.ts';
import type { RecordGap, RecordRecipient, RecordTransfer } from './model.ts';

export const COUNTRY_PROPERTY = 'meshworkCountry';
export const SAFEGUARD_PROPERTY = 'meshworkTransferSafeguard';

/** A personal output contract: its label for messages and its document. */
export interface RecipientSource {
  readonly label: string;
  readonly data: unknown;
}

function text(value: unknown, max: number): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : null;
}

/** The build's own snapshots (app/build/warehouse.ts): where the product is made, not a recipient. */
function isWarehouse(server: JsonObject | undefined): boolean {
  return (
    server?.type === 'local' &&
    typeof server.path === 'string' &&
    server.path.includes('.meshwork/warehouse/')
  );
}

function teamRecipients(grants: readonly Grant[], context: PurposeContext): RecordRecipient[] {
  const latest = new Map<string, Grant>();
  for (const g of grants) {
    const key = `${g.consumerDomain}/${g.consumerTeam}\u0000${g.purpose}`;
    const seen = latest.get(key);
    if (!seen || seen.endsAt < g.endsAt) latest.set(key, g);
  }
  return [...latest.values()].map((g) => ({
    kind: 'team',
    name: `${g.consumerDomain}/${g.consumerTeam}`,
    detail: context.texts.recipientGrant(purposeTitle(g.purpose, context), g.endsAt.slice(0, 10)),
  }));
}

/** `grants` sorted by consumer; `contracts` the product's personal output contracts. */
export function recipientsOf(
  id: string,
  grants: readonly Grant[],
  contracts: readonly RecipientSource[],
  context: PurposeContext,
): {
  readonly recipients: RecordRecipient[];
  readonly transfers: RecordTransfer[];
  readonly gaps: RecordGap[];
} {
  const { texts } = context;
  const recipients = teamRecipients(grants, context);
  const transfers: RecordTransfer[] = [];
  const gaps: RecordGap[] = [];
  const seen = new Set<string>();
  for (const contract of contracts)
    for (const raw of asList(asObject(contract.data)?.servers)) {
      const server = asObject(raw);
      const name = text(server?.server, 200);
      if (name === null || isWarehouse(server) || seen.has(name)) continue;
      seen.add(name);
      const country = countryCode(customProperty(server, COUNTRY_PROPERTY));
      // ODCS `location` is a URL, not a place; a cloud `region` is shown for the DPO to
      // judge, never mapped to a country (eu-central-2 is Zurich, eu-west-2 London).
      const region = text(server?.region, 60);
      const type = `${text(server?.type, 60) ?? '?'}${region === null ? '' : ` (${region})`}`;
      recipients.push({ kind: 'server', name, detail: texts.recipientServer(type, country) });
      if (country === null) {
        gaps.push({
          point: 'e',
          code: 'server-country-unknown',
          activity: id,
          text: texts.gaps.serverCountryUnknown(name, contract.label),
        });
        continue;
      }
      if (isEuEea(country)) continue;
      const safeguard =
        text(customProperty(server, SAFEGUARD_PROPERTY), 500) ??
        (hasAdequacyDecision(country) ? texts.adequacy : null);
      if (safeguard === null)
        gaps.push({
          point: 'e',
          code: 'transfer-without-safeguard',
          activity: id,
          text: texts.gaps.transferWithoutSafeguard(name, country),
        });
      transfers.push({ server: name, country, safeguard });
    }
  return { recipients, transfers, gaps };
}
