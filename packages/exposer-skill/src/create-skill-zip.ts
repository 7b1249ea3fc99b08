import { type Zippable, zipSync } from 'fflate';
import type { CollectedSkillFile } from './collect-skill-files.js';

/** Entries get a fixed time, so the same folder always zips to the same bytes. */
const FIXED_MTIME = new Date('2000-01-01T00:00:00Z');

/**
 * A zip whose single top-level folder is the skill (`<name>/SKILL.md`, ...), ready to unzip into
 * an agent's skills directory. fflate: maintained, dependency-free, synchronous for the small
 * sizes the folder caps allow, and it unzips too (the tests read archives back with it).
 */
export function createSkillZip({
  name,
  files,
}: {
  name: string;
  files: readonly CollectedSkillFile[];
}): Uint8Array {
  const entries: Zippable = {};
  for (const file of files) entries[`${name}/${file.path}`] = [file.data, { mtime: FIXED_MTIME }];
  return zipSync(entries, { level: 6 });
}
