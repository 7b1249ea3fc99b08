import type { RuleDiagnostic } from './diagnostic.js';
import { createDiagnostic } from './diagnostic-codes.js';
import { IKANOS_VERSION_NAMES, isIkanosVersion } from './ikanos/ikanos-versions.js';

/** Dialect versions this validator understands, newest first. */
export const SUPPORTED_VERSIONS = ['1.0.0-alpha2'] as const;

/**
 * A document with none of a capability's top-level keys is something else (an OpenAPI
 * description, a CI file): one diagnostic says so, and no other stage runs on it.
 */
export function checkIsCapability(document: Record<string, unknown>): RuleDiagnostic | undefined {
  if (['naftiko', 'capability', 'consumes', 'binds', 'ikanos'].some((key) => key in document))
    return undefined;
  const keys = Object.keys(document);
  const openapi =
    'openapi' in document
      ? 'an OpenAPI description'
      : 'swagger' in document
        ? 'a Swagger 2 description'
        : undefined;
  return createDiagnostic(
    'not-a-capability',
    '',
    openapi
      ? `this is ${openapi}, not a Naftiko capability; turn it into one with \`naftiko import openapi <file>\``
      : `this is not a Naftiko capability: it has no \`naftiko:\`, \`ikanos:\`, \`capability:\` or \`consumes:\` key (its keys: ${keys
          .slice(0, 5)
          .map((key) => `\`${key}\``)
          .join(
            ', ',
          )}${keys.length > 5 ? ', …' : ''}); a capability starts with \`naftiko: ${SUPPORTED_VERSIONS[0]}\` (or \`ikanos: ${IKANOS_VERSION_NAMES[IKANOS_VERSION_NAMES.length - 1]}\`)`,
  );
}

/** The format and version a document declares, once `checkVersion` accepted it. */
export interface DocumentVersion {
  /** `naftiko` (1.0.0-alpha2) or `ikanos` (the renamed format, 1.0.0-alpha3 and later). */
  format: 'naftiko' | 'ikanos';
  version: string;
}

export function documentVersion(document: Record<string, unknown>): DocumentVersion {
  return isIkanosVersion(document.ikanos)
    ? { format: 'ikanos', version: document.ikanos }
    : { format: 'naftiko', version: String(document.naftiko ?? SUPPORTED_VERSIONS[0]) };
}

/**
 * Reads `naftiko:` (or `ikanos:`) before anything else: the version decides which schema
 * applies, so a missing or unknown one is a single diagnostic and the schema stage is skipped.
 */
export function checkVersion(document: Record<string, unknown>): RuleDiagnostic[] {
  if ('ikanos' in document && !('naftiko' in document)) return checkIkanosVersion(document.ikanos);
  const supported = SUPPORTED_VERSIONS.map((version) => `\`${version}\``).join(', ');
  const version = document.naftiko;
  const hint = 'ikanos' in document ? '; a document declares one format: remove `naftiko:` or `ikanos:`' : '';
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

function checkIkanosVersion(version: unknown): RuleDiagnostic[] {
  if (isIkanosVersion(version)) return [];
  const supported = IKANOS_VERSION_NAMES.map((name) => `\`${name}\``).join(', ');
  const shown = typeof version === 'string' ? `\`${version}\`` : `\`${JSON.stringify(version)}\` (quote it)`;
  return [
    createDiagnostic(
      'unsupported-version',
      '/ikanos',
      `\`ikanos: ${typeof version === 'string' ? version : JSON.stringify(version)}\` is not a supported version: got ${shown}, supported: ${supported} (and \`naftiko: ${SUPPORTED_VERSIONS[0]}\`)`,
    ),
  ];
}
