import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The reference material lives in ../shared, beside the clone.
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const sharedDir = `${resolve(repoRoot, '../shared')}/`;
export const sharedSeedFile = `${sharedDir}seed/managed-agents-sessions.yaml`;
export const referenceDir = `${sharedDir}reference/naftiko/`;
export const officialSchemaFile = `${referenceDir}naftiko-schema-1.0.0-alpha2.json`;
export const ikanosReferenceDir = `${sharedDir}reference/ikanos-beta5/`;
export const ikanosCorpusDir = `${sharedDir}corpus/ikanos-beta5/`;

if (!existsSync(officialSchemaFile)) {
  throw new Error(
    `pnpm reference needs the official alpha2 schema at ${officialSchemaFile}: put the shared folder beside the clone`,
  );
}
