/** A problem found by the JSON Schema check, before the loader attaches file, line and column. */
export interface SchemaIssue {
  code: SchemaIssueCode;
  severity: 'error';
  message: string;
  /** JSON pointer of the offending node ('' for the root; `<parent>/<key>` for unknown keys). */
  pointer: string;
}

/** Every code `checkSchema` emits, with what it means. */
export const SCHEMA_ISSUE_CODES = {
  'schema-type':
    'A value has the wrong JSON type (for example a quoted number where an integer is expected).',
  'schema-unknown-property':
    'A key the dialect does not define; the message suggests the closest allowed key.',
  'schema-missing-property':
    'A required key is absent, or none of the keys one of which is required is present.',
  'schema-enum': 'A value outside a closed list (HTTP method, parameter location, expose `type` ...).',
  'schema-const': 'A value that must be exactly one thing (the `naftiko` version, a fixed `type`).',
  'schema-pattern':
    'A string that does not have the required shape (identifier, `namespace.name`, date ...).',
  'schema-property-name': 'A map key that does not have the required shape (binding variable names).',
  'schema-format': 'A string that is not a valid URI where one is required.',
  'schema-min-items': 'An empty list where at least one entry is required.',
  'schema-min-length': 'A string shorter than allowed (usually an empty string).',
  'schema-max-length': 'A string longer than allowed.',
  'schema-minimum': 'A number below the allowed range (ports start at 1).',
  'schema-maximum': 'A number above the allowed range (ports end at 65535).',
  'schema-conflicting-properties':
    'Keys that exclude each other are both present (`mapping` and `value` ...).',
  'schema-forbidden-property':
    'A key that is not allowed together with another key or value (`port` with stdio).',
  'schema-invalid': 'Any other schema violation (reported with the raw JSON Schema message).',
} as const;

export type SchemaIssueCode = keyof typeof SCHEMA_ISSUE_CODES;
