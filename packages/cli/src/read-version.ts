import { createRequire } from 'node:module';

let cached: string | undefined;

/**
 * The version in this package's package.json, read at run time through the package's own exports
 * (a self-reference), so it resolves the same from `dist/` and from the bundle's chunks.
 */
export function readVersion(): string {
  if (cached === undefined) {
    const manifest = createRequire(import.meta.url)('naftiko/package.json') as { version?: unknown };
    cached = typeof manifest.version === 'string' ? manifest.version : '0.0.0';
  }
  return cached;
}
