import { constants } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';

/** Caps on what a skill folder may hand out, so a catalog never serves a disk. */
export interface SkillFolderLimits {
  /** Largest single file, in bytes (default 1 MiB). */
  maxFileBytes: number;
  /** Most files listed or zipped (default 500). */
  maxFiles: number;
  /** Most bytes in one download or export (default 20 MiB). */
  maxTotalBytes: number;
}

export const DEFAULT_SKILL_FOLDER_LIMITS: SkillFolderLimits = {
  maxFileBytes: 1024 * 1024,
  maxFiles: 500,
  maxTotalBytes: 20 * 1024 * 1024,
};

export interface SkillFile {
  /** Relative, `/`-separated. */
  path: string;
  size: number;
}

export interface SkippedSkillFile {
  path: string;
  reason: 'too-large' | 'outside-folder' | 'too-many-files' | 'not-a-file';
}

export interface SkillFolderListing {
  files: SkillFile[];
  skipped: SkippedSkillFile[];
}

export type ReadSkillFileResult =
  | { ok: true; path: string; data: Buffer }
  | { ok: false; status: 400 | 403 | 404; message: string };

export interface SkillFolder {
  readonly root: string;
  list(): Promise<SkillFolderListing>;
  /** `segments` are the decoded path segments of the request (`['docs', 'guide.md']`). */
  read(segments: readonly string[]): Promise<ReadSkillFileResult>;
}

export interface CreateSkillFolderOptions {
  root: string;
  limits?: Partial<SkillFolderLimits>;
}

/** One path segment a client may name: no separators, no dot files, no `.` or `..`. */
const SAFE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._ -]*$/;
const MAX_DEPTH = 8;

/**
 * Read access to a skill's `location` folder. Listings skip hidden entries (`.git`, `.env`),
 * symbolic links that resolve outside the folder and files over the size cap; reads refuse
 * unsafe segments (400), anything resolving outside the folder (403) and oversized files (403).
 * Everything is read on demand, so edits to the folder show without a restart.
 */
export function createSkillFolder({ root, limits = {} }: CreateSkillFolderOptions): SkillFolder {
  const caps: SkillFolderLimits = { ...DEFAULT_SKILL_FOLDER_LIMITS, ...limits };
  let realRoot: string | undefined;
  const rootReal = async (): Promise<string> => {
    realRoot ??= await realpath(root);
    return realRoot;
  };
  const inside = (base: string, path: string) => path === base || path.startsWith(base + sep);

  const list = async (): Promise<SkillFolderListing> => {
    const base = await rootReal();
    const files: SkillFile[] = [];
    const skipped: SkippedSkillFile[] = [];
    // Real directories already listed: a link back to an ancestor is listed once, not followed
    // round and round (two such links made 2^8 walks of the same folder).
    const visited = new Set<string>([base]);
    const walk = async (dir: string, prefix: string, depth: number): Promise<void> => {
      const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
        a.name.localeCompare(b.name),
      );
      for (const entry of entries) {
        if (entry.name.startsWith('.') || !SAFE_SEGMENT.test(entry.name)) continue;
        const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
        const full = join(dir, entry.name);
        let real: string;
        try {
          real = await realpath(full);
        } catch {
          continue; // a dangling link
        }
        if (!inside(base, real)) {
          skipped.push({ path: relative, reason: 'outside-folder' });
          continue;
        }
        const info = await stat(real);
        if (info.isDirectory()) {
          if (depth < MAX_DEPTH && !visited.has(real)) {
            visited.add(real);
            await walk(full, relative, depth + 1);
          }
          continue;
        }
        if (!info.isFile()) {
          skipped.push({ path: relative, reason: 'not-a-file' });
        } else if (info.size > caps.maxFileBytes) {
          skipped.push({ path: relative, reason: 'too-large' });
        } else if (files.length >= caps.maxFiles) {
          skipped.push({ path: relative, reason: 'too-many-files' });
        } else {
          files.push({ path: relative, size: info.size });
        }
      }
    };
    await walk(base, '', 0);
    return { files, skipped };
  };

  const read = async (segments: readonly string[]): Promise<ReadSkillFileResult> => {
    const display = segments.join('/');
    if (segments.length === 0 || segments.length > MAX_DEPTH + 1) {
      return { ok: false, status: 400, message: `"${display}" is not a file path of this skill.` };
    }
    const unsafe = segments.find((segment) => !SAFE_SEGMENT.test(segment));
    if (unsafe !== undefined) {
      return {
        ok: false,
        status: 400,
        message: `Unsafe path segment "${unsafe}": use letters, digits, '.', '_', '-' and spaces, without leading dots.`,
      };
    }
    const base = await rootReal();
    let real: string;
    try {
      real = await realpath(join(base, ...segments));
    } catch {
      return { ok: false, status: 404, message: `No file "${display}" in this skill.` };
    }
    if (!inside(base, real)) {
      return { ok: false, status: 403, message: `"${display}" resolves outside the skill folder.` };
    }
    // O_NOFOLLOW: a link swapped in after realpath() is refused rather than followed.
    // O_NONBLOCK: opening a FIFO would wait for a writer, holding a thread-pool thread for ever.
    const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(
      () => undefined,
    );
    if (!handle) return { ok: false, status: 404, message: `No file "${display}" in this skill.` };
    try {
      const info = await handle.stat();
      if (!info.isFile()) return { ok: false, status: 404, message: `No file "${display}" in this skill.` };
      if (info.size > caps.maxFileBytes) {
        return {
          ok: false,
          status: 403,
          message: `"${display}" is ${info.size} bytes, over the ${caps.maxFileBytes}-byte limit of the skill catalog.`,
        };
      }
      // Read at most one byte past the cap: a file growing after stat() is still bounded.
      const buffer = Buffer.alloc(Math.min(info.size, caps.maxFileBytes) + 1);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      if (bytesRead > caps.maxFileBytes) {
        return {
          ok: false,
          status: 403,
          message: `"${display}" grew over the ${caps.maxFileBytes}-byte limit of the skill catalog.`,
        };
      }
      return { ok: true, path: display, data: buffer.subarray(0, bytesRead) };
    } finally {
      await handle.close();
    }
  };

  return { root, list, read };
}
