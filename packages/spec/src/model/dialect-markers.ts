import type { TSchema } from '@sinclair/typebox';

/**
 * Schema keywords that exist only while the model is TypeScript. The schema generator reads and
 * removes them, so the published JSON Schemas never contain them.
 *
 * The model describes the `compatible` dialect; everything the official alpha2 schema rejects is
 * marked here so the `official` schema can be derived from the same source.
 */

/** On a property or union branch: present only in the `compatible` dialect. */
export const COMMUNITY = 'x-naftiko-community';
/** On an `enum` string schema: the values accepted only in the `compatible` dialect. */
export const COMMUNITY_ENUM = 'x-naftiko-community-enum';
/**
 * On any node: the JSON Schema to publish instead of the TypeBox-derived one. Used where the
 * TypeScript type is deliberately more precise than the node (the official schema constrains
 * `outputParameters` items per `anyOf` branch, not on the property itself).
 */
export const EMIT_AS = 'x-naftiko-emit-as';

/**
 * On any node: keywords the `compatible` dialect uses instead of the node's own (`null` removes
 * one). The TypeScript type and the official schema keep the node as written; the loader
 * normalises the relaxed forms to the official ones (`normalize/`), so the engine sees the type.
 */
export const COMMUNITY_KEYWORDS = 'x-naftiko-community-keywords';

/** Marks a property schema as a community construct (accepted only by the `compatible` dialect). */
export function community<T extends TSchema>(schema: T): T {
  return { ...schema, [COMMUNITY]: true };
}

/** `schema` in both dialects, with `keywords` replacing its own in the `compatible` one. */
export function relaxed<T extends TSchema>(schema: T, keywords: Record<string, unknown>): T {
  return { ...schema, [COMMUNITY_KEYWORDS]: keywords };
}

/**
 * A naftiko extension: a property the official schema does not have (yet), accepted and
 * validated in the `compatible` dialect only, documented in its description. Emitted like a
 * community construct, but it has no official form to normalise to: the engine reads it as is.
 */
export function extension<T extends TSchema>(schema: T, description: string): T {
  return community({ ...schema, description: `Naftiko extension (compatible dialect): ${description}` });
}

/**
 * On a property schema: present only in the ikanos dialects, from the version given on
 * (`1.0.0-beta4`). Both alpha2 schemas drop it, so they stay as published; the TypeScript type
 * keeps it, so the engine reads what ikanos files declare.
 */
export const IKANOS_SINCE = 'x-naftiko-ikanos-since';
/** On an `enum` string schema: `{ since, values }`, values only the ikanos dialects accept. */
export const IKANOS_ENUM = 'x-naftiko-ikanos-enum';

/** Marks a property schema as an ikanos construct, accepted from the version `since` on. */
export function ikanosOnly<T extends TSchema>(since: string, schema: T): T {
  return { ...schema, [IKANOS_SINCE]: since };
}

/** `schema` (an `enum` string) also accepting `values` in the ikanos versions from `since` on. */
export function ikanosEnum<T extends TSchema>(schema: T, since: string, values: readonly string[]): T {
  return { ...schema, [IKANOS_ENUM]: { since, values: [...values] } };
}
