import type { Finding } from '../../core/findings/finding.ts';

/**
 * The data product canvas (issue 12, `meshwork new product` and the portal's form): the
 * seed's questions — what the product is for, who needs it and benefits, which team owns
 * it, which existing contracts it reads, which columns it offers, which service levels it
 * promises — as data. The CLI asks them on a terminal (German or English) or takes flags;
 * the portal takes them from a form. `draftProduct` (draft-product.ts) turns the answers
 * into files; the CLI writes them, the server offers them as a download or commits them.
 */
export interface ProductCanvas {
  /** kebab-case, unique in the mesh; also the folder name. */
  readonly id: string;
  readonly name: string;
  /** An existing domain of the mesh (its folder under domains/). */
  readonly domain: string;
  /** What it is for: `description.purpose`. */
  readonly purpose: string;
  /** Who needs it and benefits: `description.usage` (and the text the portal shows). */
  readonly consumers: string;
  /** The owning team (meshwork.yaml / an existing product's team name, or a new one). */
  readonly team: string;
  /** The owner, a member of the team with role owner. */
  readonly owner: { readonly username: string; readonly name?: string };
  /** Existing contracts it reads, by ODCS `id`: source contracts or output contracts of products. */
  readonly inputs: readonly string[];
  /**
   * The columns it offers, `<input contract id>.<object>.<property>`; empty: every column
   * of the first input's first object. Decides the starter transform's SELECT list.
   */
  readonly columns: readonly string[];
  /** The output port's name (kebab/snake, default: the first input object's name). */
  readonly outputPort?: string;
  /** Service levels it promises, as ODCS slaProperties of the output contract. */
  readonly sla: CanvasSla;
  /** `proposed` from the portal (a proposal for the domain's owners), `draft` from the CLI by default. */
  readonly status: 'proposed' | 'draft' | 'active';
  /** Language of the texts the draft writes (comments in transform.sql, descriptions). */
  readonly language: 'de' | 'en';
}

export interface CanvasSla {
  /** Data at most this old: ODCS `latency` (value + unit d|h|m). */
  readonly latency?: { readonly value: number; readonly unit: 'd' | 'h' | 'm' };
  /** How often it is rebuilt: a cron expression, written as `meshworkSchedule` and ODCS `frequency`. */
  readonly schedule?: string;
  /** Rows kept this long: ODCS `retention` (value + unit d|m|y), with `element` a date column. */
  readonly retention?: {
    readonly value: number;
    readonly unit: 'd' | 'm' | 'y';
    readonly element?: string;
  };
  /** Share of the time it can be read, percent: ODCS `generalAvailability`… see draft-product.ts. */
  readonly availabilityPercent?: number;
}

/** One file of a draft, relative to the mesh root (`domains/<domain>/<id>/product.odps.yaml`). */
export interface DraftFile {
  readonly path: string;
  readonly content: string;
}

export interface ProductDraft {
  /** The product's folder, relative to the mesh root. */
  readonly folder: string;
  readonly files: readonly DraftFile[];
  /**
   * Problems of the answers (an unknown input contract, a column its contract lacks, an id
   * taken): with findings of severity error there are no files.
   */
  readonly findings: readonly Finding[];
}
