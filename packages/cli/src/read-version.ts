import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The version in this package's package.json (read at run time: it lives outside `src`/`dist`). */
export function readVersion(): string {
  if (cached === undefined) {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    cached = typeof manifest.version === 'string' ? manifest.version : '0.0.0';
  }
  return cached;
}
