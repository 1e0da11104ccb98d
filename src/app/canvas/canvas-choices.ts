import { asList, asObject } from '../../core/json/loose.ts';
import type { JsonObject } from '../../core/json/loose.ts';
import { buildMeshModel } from '../../core/mesh/mesh-model.ts';
import { readMeshFiles } from '../workspace/read-mesh.ts';

export interface ChoiceMember {
  readonly username: string;
  readonly name?: string;
  readonly role?: string;
}

export interface ChoiceTeam {
  readonly name: string;
  readonly members: readonly ChoiceMember[];
}

export interface ChoiceDomain {
  /** The domain's folder under domains/: what the canvas's `domain` names. */
  readonly name: string;
  readonly title?: string;
  /** The domain's team first, then its further teams. */
  readonly teams: readonly ChoiceTeam[];
}

export interface ChoiceContract {
  readonly id: string;
  readonly name?: string;
  /** `source <system>` or `<domain>/<product>`. */
  readonly owner: string;
  readonly objects: readonly { readonly name: string; readonly properties: readonly string[] }[];
}

/** What the canvas's questions offer to choose from: the mesh's domains, teams and contracts. */
export interface CanvasChoices {
  /** The mesh's `defaults.language` when it is de or en. */
  readonly language: 'de' | 'en' | undefined;
  readonly domains: readonly ChoiceDomain[];
  readonly contracts: readonly ChoiceContract[];
}

export async function canvasChoices(meshRoot: string): Promise<CanvasChoices> {
  const model = buildMeshModel((await readMeshFiles(meshRoot)).documents);
  const defaults = asObject(asObject(model.organisation?.source.data)?.defaults);
  const language =
    defaults?.language === 'de' || defaults?.language === 'en' ? defaults.language : undefined;
  const domains = [...model.domains.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([folder, entry]): ChoiceDomain => {
      const data = asObject(entry.doc.source.data) ?? {};
      const teams = [asObject(data.team), ...asList(data.teams).map(asObject)]
        .filter((t): t is JsonObject => typeof t?.name === 'string')
        .map((t) => ({ name: t.name as string, members: members(t.members) }));
      return {
        name: folder,
        ...(typeof data.title === 'string' ? { title: data.title } : {}),
        teams,
      };
    });
  const contracts = model.contracts
    .filter((c) => c.id !== undefined && model.contractsById.get(c.id)?.length === 1)
    .map((c): ChoiceContract => {
      const name = asObject(c.doc.source.data)?.name;
      return {
        id: c.id!,
        ...(typeof name === 'string' ? { name } : {}),
        owner:
          c.owner.kind === 'source'
            ? `source ${c.owner.system}`
            : `${c.owner.domain}/${c.owner.product}`,
        objects: [...c.objects].map(([object, properties]) => ({
          name: object,
          properties: [...properties],
        })),
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
  return { language, domains, contracts };
}

function members(value: unknown): ChoiceMember[] {
  return asList(value).flatMap((raw): ChoiceMember[] => {
    const m = asObject(raw);
    if (typeof m?.username !== 'string') return [];
    return [
      {
        username: m.username,
        ...(typeof m.name === 'string' ? { name: m.name } : {}),
        ...(typeof m.role === 'string' ? { role: m.role } : {}),
      },
    ];
  });
}
