import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';

/**
 * Every *.yaml / *.yml under each folder (recursively, sorted), with its group: the first folder
 * below the root (`community-alpha2/x.yaml` -> `community-alpha2`), or the root's own name for
 * files directly in it. A MANIFEST.tsv at a root whose `kind` column says `no-naftiko-key` marks
 * files that are not capability documents at all (secrets, fixtures): they are left out.
 */
export function listCorpusFiles({ folders }) {
  const files = [];
  for (const root of folders) {
    const skipped = readSkippedByManifest(root);
    for (const path of walk(root)) {
      const rel = relative(root, path).split(sep).join('/');
      if (skipped.has(rel)) continue;
      const group = rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : basename(root);
      files.push({ path, rel: `${basename(root)}/${rel}`, group });
    }
  }
  return files;
}

/** Symbolic links are followed (a corpus may be a folder of links), each real folder once. */
function walk(dir, seen = new Set()) {
  const real = realpathSync(dir);
  if (seen.has(real)) return [];
  seen.add(real);
  const out = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    const kind = entry.isSymbolicLink() ? statSync(path, { throwIfNoEntry: false }) : entry;
    if (kind?.isDirectory()) out.push(...walk(path, seen));
    else if (kind?.isFile() && /\.ya?ml$/i.test(entry.name)) out.push(path);
  }
  return out;
}

function readSkippedByManifest(root) {
  const manifest = join(root, 'MANIFEST.tsv');
  const skipped = new Set();
  if (!existsSync(manifest)) return skipped;
  const [header = '', ...rows] = readFileSync(manifest, 'utf8').split('\n');
  const columns = header.split('\t');
  const fileColumn = columns.indexOf('file');
  const kindColumn = columns.indexOf('kind');
  if (fileColumn < 0 || kindColumn < 0) return skipped;
  for (const row of rows) {
    const cells = row.split('\t');
    if (cells[kindColumn] === 'no-naftiko-key' && cells[fileColumn]) skipped.add(cells[fileColumn]);
  }
  return skipped;
}
