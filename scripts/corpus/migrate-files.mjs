import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

// The built library, as the CLI bundles it: `pnpm corpus` builds first.
const spec = fileURLToPath(new URL('../../packages/spec/dist/index.js', import.meta.url));

/**
 * Phase 5: `naftiko migrate` over every accepted file, in process: an alpha2 file to ikanos
 * 1.0.0-beta5 and an ikanos file to alpha2, the result validated in its target version, then back
 * again; `same` counts files whose round trip gives the model they started from (up to the names
 * ikanos gives what alpha2 may leave unnamed). Failures are grouped by their first error code.
 */
export async function migrateFiles({ files }) {
  const { migrateCapability, validateCapability } = await import(spec);
  const summary = { files: 0, migrated: 0, back: 0, same: 0, failures: new Map() };
  const fail = (code, file) => {
    const group = summary.failures.get(code) ?? { code, files: 0, examples: [] };
    group.files++;
    if (group.examples.length < 3) group.examples.push(file.rel);
    summary.failures.set(code, group);
  };
  for (const file of files) {
    const source = await readFile(file.path, 'utf8');
    const original = validateCapability({ source, filename: file.path });
    if (!original.value || original.value.document.capability === undefined) continue;
    summary.files++;
    const ikanos = original.value.version?.format === 'ikanos';
    const to = ikanos ? '1.0.0-alpha2' : '1.0.0-beta5';
    const migrated = migrateCapability({ source, filename: file.path, to });
    if (migrated.text === undefined) {
      fail(migrated.diagnostics.find((d) => d.severity === 'error')?.code ?? 'unknown', file);
      continue;
    }
    summary.migrated++;
    const back = migrateCapability({
      source: migrated.text,
      filename: file.path,
      to: ikanos ? '1.0.0-beta5' : '1.0.0-alpha2',
    });
    if (back.text === undefined) {
      fail(`back: ${back.diagnostics.find((d) => d.severity === 'error')?.code ?? 'unknown'}`, file);
      continue;
    }
    summary.back++;
    const a = validateCapability({ source: migrated.text, filename: file.path }).value?.document;
    if (JSON.stringify(comparable(a)) === JSON.stringify(comparable(original.value.document))) summary.same++;
    else fail('different model', file);
  }
  return { ...summary, failures: [...summary.failures.values()].sort((a, b) => b.files - a.files) };
}

/** The model without the names ikanos gives what alpha2 may leave unnamed. */
function comparable(document) {
  return JSON.parse(JSON.stringify(document ?? null), function (key, value) {
    const owner = this && typeof this === 'object' ? this : {};
    const generated =
      'method' in owner ||
      'operations' in owner ||
      'forward' in owner ||
      (typeof owner.ref === 'string' && owner.ref.endsWith(`.${String(value)}`));
    return key === 'name' && generated ? undefined : value;
  });
}
