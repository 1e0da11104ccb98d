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

/**
 * The schemas a wrapper (optional, nullable, union, lazy, pipe, …) stands for; none when
 * the schema is no wrapper. Both walks below see through wrappers this one way.
 */
function unwrapped(def: Def): z.ZodType[] {
  const some = (s: z.ZodType | undefined): z.ZodType[] => (s ? [s] : []);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return some(def.innerType);
    case 'union':
      return [...(def.options ?? [])];
    case 'intersection':
      return [...some(def.left), ...some(def.right)];
    case 'lazy':
      return some(def.getter?.());
    case 'pipe':
      return some(def.in);
    default:
      return [];
  }
}

/** Every object schema `schema` may be (through optional, nullable, unions, lazy, pipes). */
function objectsOf(schema: z.ZodType, depth = 0): z.ZodType[] {
  if (depth > 20) return [];
  const def = defOf(schema);
  if (def.type === 'object') return [schema];
  return unwrapped(def).flatMap((s) => objectsOf(s, depth + 1));
}

/** The schemas a value at `segment` inside a value of `schema` may be. */
function childSchemas(schema: z.ZodType, segment: string | number, depth = 0): z.ZodType[] {
  if (depth > 20) return [];
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const child = def.shape?.[String(segment)];
      return child ? [child] : [];
    }
    case 'array':
      return typeof segment === 'number' && def.element ? [def.element] : [];
    case 'record':
      return def.valueType ? [def.valueType] : [];
    default:
      return unwrapped(def).flatMap((s) => childSchemas(s, segment, depth + 1));
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
