import type { z } from 'zod';
import type { DocPath } from '../findings/finding.ts';

/**
 * The parts of a Zod schema's definition that lead to the objects inside it. Zod v4 keeps
 * them on `_zod.def`; only these few kinds are walked, anything else has no keys.
 */
interface Def {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly innerType?: z.ZodType;
  readonly element?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly getter?: () => z.ZodType;
  readonly in?: z.ZodType;
  readonly left?: z.ZodType;
  readonly right?: z.ZodType;
  readonly valueType?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Every object schema `schema` may be (through optional, nullable, unions, lazy, pipes). */
function objectsOf(schema: z.ZodType, depth = 0): z.ZodType[] {
  if (depth > 20) return [];
  const def = defOf(schema);
  const inner = (s: z.ZodType | undefined): z.ZodType[] => (s ? objectsOf(s, depth + 1) : []);
  switch (def.type) {
    case 'object':
      return [schema];
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return inner(def.innerType);
    case 'union':
      return (def.options ?? []).flatMap((o) => objectsOf(o, depth + 1));
    case 'intersection':
      return [...inner(def.left), ...inner(def.right)];
    case 'lazy':
      return inner(def.getter?.());
    case 'pipe':
      return inner(def.in);
    default:
      return [];
  }
}

/** The schemas a value at `segment` inside a value of `schema` may be. */
function childSchemas(schema: z.ZodType, segment: string | number, depth = 0): z.ZodType[] {
  if (depth > 20) return [];
  const def = defOf(schema);
  const inner = (s: z.ZodType | undefined): z.ZodType[] =>
    s ? childSchemas(s, segment, depth + 1) : [];
  switch (def.type) {
    case 'object': {
      const child = def.shape?.[String(segment)];
      return child ? [child] : [];
    }
    case 'array':
      return typeof segment === 'number' && def.element ? [def.element] : [];
    case 'record':
      return def.valueType ? [def.valueType] : [];
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return inner(def.innerType);
    case 'union':
      return (def.options ?? []).flatMap((o) => childSchemas(o, segment, depth + 1));
    case 'intersection':
      return [...inner(def.left), ...inner(def.right)];
    case 'lazy':
      return inner(def.getter?.());
    case 'pipe':
      return inner(def.in);
    default:
      return [];
  }
}

/**
 * The keys the schema defines for the object at `path`: what a misspelled key is compared
 * with for "did you mean …?". Through a union, the keys of every form.
 */
export function knownKeysAt(schema: z.ZodType, path: DocPath): string[] {
  let current = [schema];
  for (const segment of path) current = current.flatMap((s) => childSchemas(s, segment));
  const keys = new Set<string>();
  for (const object of current.flatMap((s) => objectsOf(s)))
    for (const key of Object.keys(defOf(object).shape ?? {})) keys.add(key);
  return [...keys];
}
