import { type IkanosVersionName, ikanosHas } from '../src/ikanos/ikanos-versions.js';
import { capabilityDefinitions } from '../src/model/capability-module.js';
import {
  COMMUNITY,
  COMMUNITY_ENUM,
  COMMUNITY_KEYWORDS,
  EMIT_AS,
  IKANOS_ENUM,
  IKANOS_SINCE,
} from '../src/model/dialect-markers.js';
import type { CreateCapabilitySchemaOptions } from '../src/schema/create-capability-schema.js';
import { capabilitySchemaId, type Dialect, type JsonSchema } from '../src/schema/dialect.js';

// Build time only (`pnpm generate`): the one module that turns the TypeBox model into JSON Schema.
// It lives outside src/, so nothing on the validation path can import it and TypeBox is never
// loaded by `naftiko validate`.

/**
 * Builds the JSON Schema (draft 2020-12) of a dialect from the model definitions. Pure and
 * deterministic: the committed schemas in `generated/` are exactly this output.
 */
export function generateCapabilitySchema({ dialect }: CreateCapabilitySchemaOptions): JsonSchema {
  const $defs = generateModelDefinitions({ dialect });
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: capabilitySchemaId(dialect),
    title:
      dialect === 'official'
        ? 'Naftiko capability 1.0.0-alpha2'
        : 'Naftiko capability 1.0.0-alpha2 (compatible)',
    description:
      dialect === 'official'
        ? 'A Naftiko capability document as the 1.0.0-alpha2 specification defines it.'
        : 'A Naftiko 1.0.0-alpha2 capability document, also accepting the community constructs (consumes headers, typed consumed parameters, `outputRawFormat: text`, object pass-through mappings, rest expose descriptions).',
    $ref: '#/$defs/CapabilityDocument',
    $defs,
  };
}

/**
 * The `$defs` of the model in a dialect; with `ikanos`, in the official dialect plus the fields
 * that ikanos version has (still alpha2-shaped: the ikanos generator reshapes them).
 */
export function generateModelDefinitions({
  dialect,
  ikanos,
}: {
  dialect: Dialect;
  ikanos?: IkanosVersionName;
}): Record<string, unknown> {
  const $defs: Record<string, unknown> = {};
  for (const [name, definition] of Object.entries(capabilityDefinitions)) {
    $defs[name] = transform(definition, dialect, ikanos);
  }
  return $defs;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An ikanos-only property is kept only in the schemas of the versions that have it. */
function inIkanos(value: unknown, ikanos: IkanosVersionName | undefined): boolean {
  if (!isRecord(value) || typeof value[IKANOS_SINCE] !== 'string') return true;
  return ikanos !== undefined && ikanosHas(ikanos, value[IKANOS_SINCE]);
}

function isCommunity(value: unknown): boolean {
  return isRecord(value) && value[COMMUNITY] === true;
}

/** Deep copy of a definition without TypeBox symbols and markers, adapted to the dialect. */
function transform(node: unknown, dialect: Dialect, ikanos?: IkanosVersionName): unknown {
  if (Array.isArray(node)) return node.map((item) => transform(item, dialect, ikanos));
  if (!isRecord(node)) return node;
  const emitted = node[EMIT_AS];
  if (isRecord(emitted)) return transform(emitted, dialect, ikanos);

  const official = dialect === 'official';
  const droppedProperties = new Set<string>();
  const out: Record<string, unknown> = {};
  // Object.keys skips the symbol keys TypeBox uses for its own bookkeeping.
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (
      key === COMMUNITY ||
      key === COMMUNITY_ENUM ||
      key === COMMUNITY_KEYWORDS ||
      key === EMIT_AS ||
      key === IKANOS_SINCE ||
      key === IKANOS_ENUM
    )
      continue;
    if (key === 'properties' && isRecord(value)) {
      const properties: Record<string, unknown> = {};
      for (const [name, schema] of Object.entries(value)) {
        if ((official && isCommunity(schema)) || !inIkanos(schema, ikanos)) droppedProperties.add(name);
        else properties[name] = transform(schema, dialect, ikanos);
      }
      out[key] = properties;
    } else if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      const branches = official ? value.filter((branch) => !isCommunity(branch)) : value;
      out[key] = branches.map((branch) => transform(branch, dialect, ikanos));
    } else if (key === 'enum' && Array.isArray(value) && official && Array.isArray(node[COMMUNITY_ENUM])) {
      const communityValues = node[COMMUNITY_ENUM] as unknown[];
      out[key] = value.filter((item) => !communityValues.includes(item));
    } else if (
      key === 'patternProperties' &&
      isRecord(value) &&
      Object.keys(value).join() === RECORD_PATTERN
    ) {
      // TypeBox writes Record<string, T> as `patternProperties: {'^(.*)$': T}`; publish the plain form.
      out.additionalProperties = transform(value[RECORD_PATTERN], dialect, ikanos);
    } else if (key === '$ref' && typeof value === 'string' && !value.startsWith('#')) {
      out[key] = `#/$defs/${value}`;
    } else {
      out[key] = transform(value, dialect, ikanos);
    }
  }
  const ikanosEnum = node[IKANOS_ENUM];
  if (
    ikanos &&
    isRecord(ikanosEnum) &&
    ikanosHas(ikanos, String(ikanosEnum.since)) &&
    Array.isArray(out.enum)
  )
    out.enum = [...out.enum, ...(ikanosEnum.values as unknown[])];
  const keywords = node[COMMUNITY_KEYWORDS];
  if (!official && isRecord(keywords)) {
    for (const [keyword, value] of Object.entries(keywords)) {
      if (value === null) delete out[keyword];
      else out[keyword] = transform(value, dialect, ikanos);
    }
  }
  if (droppedProperties.size > 0 && Array.isArray(out.required)) {
    out.required = out.required.filter((name) => !droppedProperties.has(name as string));
  }
  if (Array.isArray(out.required) && out.required.length === 0) delete out.required;
  mergeSingleRequiredBranch(out, 'anyOf');
  mergeSingleRequiredBranch(out, 'oneOf');
  return orderKeywords(out);
}

const RECORD_PATTERN = '^(.*)$';

/** Keyword order of the published files: what a reader looks for first comes first. */
const KEYWORD_ORDER = [
  '$ref',
  'description',
  'type',
  'const',
  'enum',
  'default',
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'minItems',
  'items',
  'required',
  'properties',
  'propertyNames',
  'additionalProperties',
  'anyOf',
  'oneOf',
  'not',
];

function orderKeywords(schema: Record<string, unknown>): Record<string, unknown> {
  const rank = (key: string) => {
    const index = KEYWORD_ORDER.indexOf(key);
    return index === -1 ? KEYWORD_ORDER.length : index;
  };
  const ordered: Record<string, unknown> = {};
  for (const key of Object.keys(schema).sort((a, b) => rank(a) - rank(b))) ordered[key] = schema[key];
  return ordered;
}

/** `anyOf: [{required: [x]}]` left after dropping community branches is just `required: [x]`. */
function mergeSingleRequiredBranch(schema: Record<string, unknown>, keyword: 'anyOf' | 'oneOf'): void {
  const branches = schema[keyword];
  if (!Array.isArray(branches) || branches.length !== 1) return;
  const [branch] = branches;
  if (!isRecord(branch) || Object.keys(branch).join() !== 'required' || !Array.isArray(branch.required))
    return;
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  schema.required = [...required, ...branch.required.filter((name: string) => !required.includes(name))];
  delete schema[keyword];
}
