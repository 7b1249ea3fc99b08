import type { ActionFactory, Capability, ListenAddress, Logger } from '@naftiko/core';
import { NaftikoError, resolveFileLocation } from '@naftiko/core';
import type { Diagnostic, ExposedSkillSpec } from '@naftiko/spec';
import { checkAgentSkill } from './agent-skill-rules.js';
import { applyLiveUrls } from './apply-live-urls.js';
import { createSkillFolder, type SkillFolder, type SkillFolderLimits } from './create-skill-folder.js';
import { describeSkillTools, type SkillToolInfo } from './describe-skill-tools.js';
import { generateSkillMd } from './generate-skill-md.js';

export const SKILL_MD = 'SKILL.md';

/** One skill, compiled once: its spec, its tools, its folder when it has one. */
export interface CatalogSkill {
  readonly spec: ExposedSkillSpec;
  readonly tools: readonly SkillToolInfo[];
  readonly folder?: SkillFolder;
}

export interface SkillCatalogFile {
  path: string;
  size: number;
  /** True for a SKILL.md naftiko wrote because the folder has none. */
  generated?: boolean;
}

/** A skill's files as served: the folder's, plus a generated SKILL.md when it has none. */
export interface SkillContents {
  files: SkillCatalogFile[];
  /** The generated SKILL.md text, when there is one. */
  generated?: string;
}

export interface BuildSkillCatalogOptions {
  capability: Capability;
  skills: readonly ExposedSkillSpec[];
  createAction: ActionFactory;
  logger: Logger;
  /** `skill "ns"` (or `skill export`), for messages. */
  place: string;
  /** JSON pointer of each skill, for diagnostics; default `/skills/<index>`. */
  pointerOf?: (index: number) => string;
  limits?: Partial<SkillFolderLimits>;
}

/**
 * Checks every skill against the Agent Skills rules (a broken one fails with
 * CAPABILITY_INVALID carrying diagnostics) and compiles its tools and folder once.
 */
export function buildSkillCatalog(options: BuildSkillCatalogOptions): Map<string, CatalogSkill> {
  const {
    capability,
    skills,
    createAction,
    logger,
    place,
    pointerOf = (i) => `/skills/${i}`,
    limits,
  } = options;
  const diagnostics: Diagnostic[] = skills.flatMap((skill, index) =>
    checkAgentSkill({
      skill,
      pointer: pointerOf(index),
      ...(capability.path ? { file: capability.path } : {}),
    }),
  );
  if (diagnostics.length > 0) {
    throw new NaftikoError(
      'CAPABILITY_INVALID',
      `${place}: ${diagnostics.map((d) => d.message).join('; ')}.`,
      { data: { diagnostics } },
    );
  }
  const catalog = new Map<string, CatalogSkill>();
  for (const spec of skills) {
    const skillPlace = `${place} skill "${spec.name}"`;
    const tools = describeSkillTools({ capability, skill: spec, createAction, place: skillPlace });
    let folder: SkillFolder | undefined;
    if (spec.location !== undefined) {
      const root = resolveFileLocation(spec.location, capability.baseDir);
      if (root === undefined) {
        logger.warn(
          `${skillPlace}: location ${spec.location} names no folder; serving a generated ${SKILL_MD} only`,
          { location: spec.location },
        );
      } else {
        folder = createSkillFolder({ root, ...(limits ? { limits } : {}) });
      }
    }
    catalog.set(spec.name, { spec, tools, ...(folder ? { folder } : {}) });
  }
  return catalog;
}

export interface ReadSkillContentsOptions {
  skill: CatalogSkill;
  capability: Capability;
  /** Live listeners, so generated instructions show the real ports. */
  addresses?: readonly ListenAddress[];
}

export async function readSkillContents({
  skill,
  capability,
  addresses = [],
}: ReadSkillContentsOptions): Promise<SkillContents> {
  const listed = skill.folder ? (await skill.folder.list()).files : [];
  // SKILL.md first: it is the entry point of the folder.
  const files: SkillCatalogFile[] = listed
    .map((file) => ({ path: file.path, size: file.size }))
    .sort((a, b) => Number(b.path === SKILL_MD) - Number(a.path === SKILL_MD));
  if (files[0]?.path === SKILL_MD) return { files };
  const info = capability.document.info;
  const generated = generateSkillMd({
    skill: skill.spec,
    tools: applyLiveUrls(skill.tools, addresses),
    info: {
      ...(info?.label === undefined ? {} : { label: info.label }),
      ...(info?.description === undefined ? {} : { description: info.description }),
    },
    files: files.map((file) => file.path),
  });
  files.unshift({ path: SKILL_MD, size: Buffer.byteLength(generated), generated: true });
  return { files, generated };
}
