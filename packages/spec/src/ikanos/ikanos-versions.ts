// The published versions of the ikanos format (the reference engine's name for it after
// alpha2), oldest first, with what each tag changed in the schema. One source for the version
// check, the per-version schemas and the model fields marked `ikanosOnly(since, ...)`.

export interface IkanosVersion {
  version: string;
  /** What the tag adds to the schema of the tag before it (nothing removed so far). */
  adds: string;
}

export const IKANOS_VERSIONS = [
  {
    version: '1.0.0-alpha3',
    adds: 'the renamed format: root `ikanos:`; resources, operations, parameters, tools, prompts, skills, steps and orchestrated/mock/consumed output parameters are maps keyed by name; `label` -> `display`; aggregate `functions` -> `flows`; `targetName` -> `target`; `import` + `from` (+ `as`) for consumes, exposes, aggregates and binds; standalone section files; `tags`; consumes `tunnel` (OpenZiti)',
  },
  { version: '1.0.0-alpha4', adds: 'nothing in the schema' },
  {
    version: '1.0.0-beta1',
    adds: 'binary content: `outputRawFormat: binary`, `outputMediaType`, `maxBinarySize` (consumed operations, MCP and REST exposes), REST `responses`/`responseBinary`, MCP resource `binary`, flow `outputMediaType`',
  },
  { version: '1.0.0-beta2', adds: 'nothing in the schema' },
  { version: '1.0.0-beta3', adds: 'nothing in the schema' },
  { version: '1.0.0-beta4', adds: 'MCP `ttlMs` and `cacheScope`; `info.version`' },
  { version: '1.0.0-beta5', adds: 'nothing in the schema' },
] as const satisfies readonly IkanosVersion[];

export type IkanosVersionName = (typeof IKANOS_VERSIONS)[number]['version'];

export const IKANOS_VERSION_NAMES: readonly IkanosVersionName[] = IKANOS_VERSIONS.map(
  (entry) => entry.version,
);

export function isIkanosVersion(value: unknown): value is IkanosVersionName {
  return typeof value === 'string' && (IKANOS_VERSION_NAMES as readonly string[]).includes(value);
}

/** True when `version` has what `since` introduced. */
export function ikanosHas(version: IkanosVersionName, since: string): boolean {
  const at = IKANOS_VERSION_NAMES.indexOf(version);
  const introduced = (IKANOS_VERSION_NAMES as readonly string[]).indexOf(since);
  return introduced !== -1 && at >= introduced;
}

/**
 * Versions whose schemas differ only in the `ikanos:` value share one precompiled validator,
 * named after the oldest of them (alpha4 validates with alpha3's, beta2 and beta3 with beta1's,
 * beta5 with beta4's).
 */
export function ikanosSchemaShape(version: IkanosVersionName): IkanosVersionName {
  let shape: IkanosVersionName = IKANOS_VERSIONS[0].version;
  for (const entry of IKANOS_VERSIONS) {
    if (entry.adds !== 'nothing in the schema') shape = entry.version;
    if (entry.version === version) return shape;
  }
  return shape;
}
