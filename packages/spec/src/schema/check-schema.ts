import type { ErrorObject } from 'ajv';
import { code, nodeLabel } from './describe-schema-value.js';
import type { SchemaDialect } from './dialect.js';
import { type ExplainSchemaOptions, explainSchema } from './explain-schema.js';
import { capabilitySchema, precompiledDialect } from './precompiled-dialect.js';
import type { SchemaIssue } from './schema-issue.js';

type Definitions = Record<
  string,
  { properties?: Record<string, { enum?: unknown[]; description?: string }> }
>;

const explainers = new Map<SchemaDialect, ExplainSchemaOptions>();

/**
 * Checks a parsed document against the JSON Schema of a dialect. Returns no issue exactly when
 * the schema accepts the document; otherwise few, precise issues that name the fix.
 *
 * A valid document costs one call of the validator ajv generated at build time; the schema itself
 * is parsed (once) only when there is an error to explain.
 */
export function checkSchema(value: unknown, dialect: SchemaDialect = 'compatible'): SchemaIssue[] {
  const { validate } = precompiledDialect(dialect);
  if (validate(value)) return [];
  const issues = explainSchema({ ...explainerFor(dialect), schema: capabilitySchema(dialect), value });
  // The explainer interprets the same schema; should it ever disagree, ajv's verdict still wins.
  return issues.length > 0 ? issues : fallbackIssues(validate.errors ?? []);
}

function explainerFor(dialect: SchemaDialect): ExplainSchemaOptions {
  const cached = explainers.get(dialect);
  if (cached) return cached;
  const { isUri, definitions } = precompiledDialect(dialect);
  const defs = capabilitySchema(dialect).$defs as Definitions;
  const explainer: ExplainSchemaOptions = {
    defs,
    isUri: (text) => isUri(text) === true,
    // Each definition has its own precompiled function (inlineRefs off), the same one the
    // whole-document validator calls.
    isValid: (definition, value) =>
      Object.hasOwn(definitions, definition) && definitions[definition]?.(value) === true,
    ...(dialect === 'official' ? { dialectHint: createCommunityHint(defs) } : {}),
  };
  explainers.set(dialect, explainer);
  return explainer;
}

/** In the official dialect, says when a rejected key or value is a community construct. */
function createCommunityHint(officialDefs: Definitions): NonNullable<ExplainSchemaOptions['dialectHint']> {
  const compatibleDefs = capabilitySchema('compatible').$defs as Definitions;
  return ({ definition, property, value }) => {
    const official = officialDefs[definition]?.properties;
    const compatible = compatibleDefs[definition]?.properties;
    if (!compatible || !Object.hasOwn(compatible, property)) return undefined;
    const note =
      'is a community construct: the compatible dialect accepts it, the official alpha2 schema does not.';
    if (!official || !Object.hasOwn(official, property)) {
      const description = compatible[property]?.description;
      if (typeof description === 'string' && description.startsWith('Naftiko extension'))
        return `${code(property)} is a naftiko extension: the compatible dialect accepts it (the default), the official alpha2 schema does not.`;
      return `${code(property)} ${note}`;
    }
    const officialEnum = official[property]?.enum;
    const compatibleEnum = compatible[property]?.enum;
    if (value !== undefined && compatibleEnum?.includes(value) && !officialEnum?.includes(value)) {
      return `${code(`${property}: ${String(value)}`)} ${note}`;
    }
    return undefined;
  };
}

function fallbackIssues(errors: ErrorObject[]): SchemaIssue[] {
  const [first] = errors;
  const pointer = first?.instancePath ?? '';
  return [
    {
      code: 'schema-invalid',
      severity: 'error',
      message: `${nodeLabel(pointer)} ${first?.message ?? 'does not match the schema'}.`,
      pointer,
    },
  ];
}
