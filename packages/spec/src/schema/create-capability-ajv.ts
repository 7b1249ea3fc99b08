import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default import is the module namespace object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export interface CreateCapabilityAjvOptions {
  /** ajv strict mode; off only for schemas we do not control (the official reference). */
  strict?: boolean;
  /** Collect every error instead of stopping at the first; checkSchema does not need it. */
  allErrors?: boolean;
  /** Check schemas against the draft 2020-12 meta-schema first. */
  validateSchema?: boolean;
  /** Keep the source of compiled functions (CommonJS) for ajv's standalone generator. */
  standalone?: boolean;
}

/**
 * Creates the ajv instance both dialects (and, in tests, the official reference schema) compile
 * with. The defaults favour compiling fast (no meta-schema validation, no code optimisation);
 * the standalone generator optimises, since its output is compiled once and committed.
 */
export function createCapabilityAjv(options: CreateCapabilityAjvOptions = {}): Ajv2020 {
  const { strict = true, allErrors = false, validateSchema = false, standalone = false } = options;
  const ajv = new Ajv2020({
    allErrors,
    strict,
    // Union branches list `required` names that the enclosing object defines.
    strictRequired: false,
    // Each definition compiles once, and `getSchema('#/$defs/X')` reuses it.
    inlineRefs: false,
    validateSchema,
    code: standalone ? { source: true, lines: true } : { optimize: false },
  });
  addFormats(ajv, ['uri']);
  return ajv;
}
