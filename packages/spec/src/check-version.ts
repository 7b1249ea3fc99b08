import type { RuleDiagnostic } from './diagnostic.js';
import { createDiagnostic } from './diagnostic-codes.js';

/** Dialect versions this validator understands, newest first. */
export const SUPPORTED_VERSIONS = ['1.0.0-alpha2'] as const;

/**
 * Reads `naftiko:` before anything else: the version decides which schema applies, so a
 * missing or unknown one is a single diagnostic and the schema stage is skipped.
 */
export function checkVersion(document: Record<string, unknown>): RuleDiagnostic[] {
  const supported = SUPPORTED_VERSIONS.map((version) => `\`${version}\``).join(', ');
  const version = document.naftiko;
  // Ikanos is the renamed engine; its documents start with `ikanos:` and use a later dialect.
  const hint = 'ikanos' in document ? '; `ikanos:` documents are a later, incompatible dialect' : '';
  if (version === undefined) {
    return [
      createDiagnostic(
        'unsupported-version',
        '',
        `the document declares no \`naftiko:\` version; add \`naftiko: ${SUPPORTED_VERSIONS[0]}\` as its first line (supported: ${supported})${hint}`,
      ),
    ];
  }
  if (typeof version === 'string' && (SUPPORTED_VERSIONS as readonly string[]).includes(version)) return [];
  const shown =
    typeof version === 'string'
      ? `\`${version}\``
      : `\`${JSON.stringify(version)}\` (a ${typeof version}; quote it)`;
  return [
    createDiagnostic(
      'unsupported-version',
      '/naftiko',
      `\`naftiko: ${typeof version === 'string' ? version : JSON.stringify(version)}\` is not a supported version: got ${shown}, supported: ${supported}${hint}`,
    ),
  ];
}
