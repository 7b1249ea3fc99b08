import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  type Capability,
  createActionFactory,
  createRedactor,
  emptyBindingValues,
  type Logger,
  silentLogger,
} from '@naftiko/core';
import type { ExposedSkillSpec } from '@naftiko/spec';
import { buildSkillCatalog, type CatalogSkill } from './build-skill-catalog.js';
import { collectSkillFiles } from './collect-skill-files.js';
import type { SkillFolderLimits } from './create-skill-folder.js';
import { deriveSkills } from './derive-skills.js';

/** Which skills a capability exports: its skill exposes' skills, else skills derived from its MCP/REST exposes. */
export interface SkillExportPlan {
  source: 'skill-expose' | 'derived';
  skills: ExposedSkillSpec[];
}

export function planSkillExport({ capability }: { capability: Capability }): SkillExportPlan {
  const declared = capability.exposes.flatMap((expose) => (expose.type === 'skill' ? expose.skills : []));
  return declared.length > 0
    ? { source: 'skill-expose', skills: declared }
    : { source: 'derived', skills: deriveSkills({ capability }) };
}

export interface ExportSkillsOptions {
  capability: Capability;
  /** Where the skill folders go: `<outDir>/<skill name>/SKILL.md`, ... */
  outDir: string;
  /** Export only these skills (default: all of the plan). */
  names?: readonly string[];
  /** Replace a skill folder that already exists (default: refuse). */
  force?: boolean;
  logger?: Logger;
  limits?: Partial<SkillFolderLimits>;
}

export interface ExportedSkill {
  name: string;
  dir: string;
  /** Relative paths written, SKILL.md first. */
  files: string[];
  /** True when SKILL.md was generated rather than copied from the skill's folder. */
  generated: boolean;
}

export interface ExportSkillsResult {
  source: SkillExportPlan['source'];
  exported: ExportedSkill[];
  /** What stopped a skill from being written, each naming the fix. */
  problems: string[];
}

/**
 * Writes installable skill folders: SKILL.md (the author's, or generated) plus every file of
 * the skill's folder, under the same caps as the catalog. Needs no running engine: actions are
 * compiled offline only to learn their input schemas.
 */
export async function exportSkills(options: ExportSkillsOptions): Promise<ExportSkillsResult> {
  const { capability, outDir, names, force = false, logger = silentLogger, limits } = options;
  const plan = planSkillExport({ capability });
  const createAction = createActionFactory({
    capability,
    consumer: () => undefined,
    bindings: () => emptyBindingValues,
    redactor: () => createRedactor({ values: [] }),
  });
  const catalog = new Map<string, CatalogSkill>();
  const problems: string[] = [];
  const add = (built: Map<string, CatalogSkill>) => {
    for (const [name, skill] of built) {
      if (catalog.has(name))
        problems.push(`two skills are named "${name}"; rename one so each exports to its own folder`);
      else catalog.set(name, skill);
    }
  };
  if (plan.source === 'derived') {
    add(
      buildSkillCatalog({
        capability,
        skills: plan.skills,
        createAction,
        logger,
        place: 'skill export',
        ...(limits ? { limits } : {}),
      }),
    );
  } else {
    capability.exposes.forEach((expose, index) => {
      if (expose.type !== 'skill') return;
      add(
        buildSkillCatalog({
          capability,
          skills: expose.skills,
          createAction,
          logger,
          place: `skill "${expose.namespace}"`,
          pointerOf: (i) => `/capability/exposes/${index}/skills/${i}`,
          ...(limits ? { limits } : {}),
        }),
      );
    });
  }

  const exported: ExportedSkill[] = [];
  const wanted = names ?? [...catalog.keys()];
  for (const name of wanted) {
    const skill = catalog.get(name);
    if (!skill) {
      problems.push(`no skill "${name}" to export; skills: ${[...catalog.keys()].join(', ') || '(none)'}`);
      continue;
    }
    const dir = join(outDir, name);
    if (!force && (await isNonEmptyDirectory(dir))) {
      problems.push(`${dir} already exists and is not empty; pass --force to replace it`);
      continue;
    }
    const collected = await collectSkillFiles({
      skill,
      capability,
      ...(limits?.maxTotalBytes === undefined ? {} : { maxTotalBytes: limits.maxTotalBytes }),
    });
    if (!collected.ok) {
      problems.push(collected.message);
      continue;
    }
    // The name passed the Agent Skills rules (lower-case, digits, hyphens), so `dir` stays in outDir.
    if (force) await rm(dir, { recursive: true, force: true });
    for (const file of collected.files) {
      const target = join(dir, ...file.path.split('/'));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.data);
    }
    exported.push({
      name,
      dir,
      files: collected.files.map((file) => file.path),
      generated: await lacksAuthoredSkillMd(skill),
    });
  }
  return { source: plan.source, exported, problems };
}

async function lacksAuthoredSkillMd(skill: CatalogSkill): Promise<boolean> {
  if (!skill.folder) return true;
  const { files } = await skill.folder.list();
  return !files.some((file) => file.path === 'SKILL.md');
}

async function isNonEmptyDirectory(path: string): Promise<boolean> {
  try {
    return (await readdir(path)).length > 0;
  } catch {
    return false;
  }
}
