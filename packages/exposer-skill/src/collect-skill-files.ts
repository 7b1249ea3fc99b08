import type { Capability, ListenAddress } from '@naftiko/core';
import { type CatalogSkill, readSkillContents } from './build-skill-catalog.js';
import { DEFAULT_SKILL_FOLDER_LIMITS } from './create-skill-folder.js';

export interface CollectedSkillFile {
  path: string;
  data: Uint8Array;
}

export type CollectSkillFilesResult =
  | { ok: true; files: CollectedSkillFile[] }
  | { ok: false; status: 403; message: string };

export interface CollectSkillFilesOptions {
  skill: CatalogSkill;
  capability: Capability;
  addresses?: readonly ListenAddress[];
  /** Refuse past this many bytes in all; default 20 MiB. */
  maxTotalBytes?: number;
}

/** Every file of an installable skill folder, read under the folder's caps. */
export async function collectSkillFiles(options: CollectSkillFilesOptions): Promise<CollectSkillFilesResult> {
  const { skill, capability, addresses, maxTotalBytes = DEFAULT_SKILL_FOLDER_LIMITS.maxTotalBytes } = options;
  const contents = await readSkillContents({ skill, capability, ...(addresses ? { addresses } : {}) });
  const files: CollectedSkillFile[] = [];
  let total = 0;
  for (const file of contents.files) {
    let data: Uint8Array;
    if (file.generated) {
      data = Buffer.from(contents.generated ?? '', 'utf8');
    } else {
      const read = await skill.folder?.read(file.path.split('/'));
      // A file removed or grown since the listing is left out rather than failing the whole set.
      if (!read?.ok) continue;
      data = read.data;
    }
    total += data.byteLength;
    if (total > maxTotalBytes) {
      return {
        ok: false,
        status: 403,
        message: `skill "${skill.spec.name}" holds more than ${maxTotalBytes} bytes, the most the catalog packs; slim its folder.`,
      };
    }
    files.push({ path: file.path, data });
  }
  return { ok: true, files };
}
