import { type TObject, type TProperties, type TSchema, type TUnsafe, Type } from '@sinclair/typebox';
import { caseVariants } from './case-variants.js';
import { COMMUNITY_ENUM, COMMUNITY_KEYWORDS, EMIT_AS, relaxed } from './dialect-markers.js';

/** A closed object: unknown keys are schema errors, as everywhere in the official schema. */
export function closedObject<T extends TProperties>(
  properties: T,
  options: Record<string, unknown> = {},
): TObject<T> {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

/**
 * A string restricted to `values`, emitted as a plain `enum` (TypeBox unions would emit `anyOf` of
 * `const`s, which reads worse and gives worse error messages).
 */
export function stringEnum<const T extends readonly string[]>(
  values: T,
  options: {
    description?: string;
    default?: T[number];
    communityValues?: readonly T[number][];
    /** The compatible dialect also takes `get`, `Query`, `BEARER` (see `caseVariants`). */
    anyCase?: boolean;
  } = {},
): TUnsafe<T[number]> {
  const { communityValues, anyCase, ...rest } = options;
  return Type.Unsafe<T[number]>({
    type: 'string',
    enum: [...values],
    ...rest,
    ...(communityValues ? { [COMMUNITY_ENUM]: [...communityValues] } : {}),
    ...(anyCase ? { [COMMUNITY_KEYWORDS]: { enum: caseVariants(values) } } : {}),
  });
}

/** `Type.Literal(value)`, also in other letter cases in the compatible dialect. */
export function anyCaseLiteral<const T extends string>(value: T, synonyms: readonly string[] = []) {
  return relaxed(Type.Literal(value), { const: null, enum: [...caseVariants([value]), ...synonyms] });
}

/** `{ [key: string]: string }` with `additionalProperties` (not `patternProperties` as Type.Record emits). */
export function stringMap(options: { description?: string } = {}): TUnsafe<Record<string, string>> {
  return Type.Unsafe<Record<string, string>>({
    type: 'object',
    additionalProperties: { type: 'string' },
    ...options,
  });
}

/** Any JSON object. */
export function anyObject(options: { description?: string } = {}): TUnsafe<Record<string, unknown>> {
  return Type.Unsafe<Record<string, unknown>>({ type: 'object', ...options });
}

/** Any JSON array. */
export function anyArray(options: { description?: string } = {}): TUnsafe<unknown[]> {
  return Type.Unsafe<unknown[]>({ type: 'array', ...options });
}

/** Keeps `schema`'s TypeScript type but publishes `emitted` as its JSON Schema. */
export function emitAs<T extends TSchema>(schema: T, emitted: Record<string, unknown>): T {
  return { ...schema, [EMIT_AS]: emitted };
}

/** A reference to another definition of the capability module, written the way TypeBox modules expect. */
export function ref(name: string): { $ref: string } {
  return { $ref: name };
}
