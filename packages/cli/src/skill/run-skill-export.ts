import { relative, resolve } from 'node:path';
import type { Diagnostic } from '@naftiko/spec';
import type { CliIo } from '../cli-io.js';
import { ExitCode } from '../exit-code.js';
import { shouldUseColor } from '../format/create-colors.js';
import { formatText } from '../format/format-text.js';
import { readSources } from '../validate/read-sources.js';

export interface RunSkillExportOptions {
  file: string;
  output: string;
  skills: readonly string[];
  force: boolean;
  io: CliIo;
}

/** `naftiko skill export`: validate, then write one folder per skill. */
export async function runSkillExport({
  file,
  output,
  skills,
  force,
  io,
}: RunSkillExportOptions): Promise<number> {
  const { isNaftikoError, loadCapability } = await import('@naftiko/core');
  const { exportSkills } = await import('@naftiko/exposer-skill');
  const path = resolve(io.cwd, file);
  const loaded = loadCapability(path);
  const color = shouldUseColor({ isTTY: io.stderr.isTTY === true, env: io.env });
  if (!loaded.capability) {
    const errors = loaded.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    const unreadable = errors.find((d) => d.code === 'file-unreadable' && d.pointer === '');
    if (unreadable) {
      io.stderr.write(`naftiko: ${unreadable.message}\n`);
      return ExitCode.USAGE;
    }
    const reports = [{ file, valid: false, diagnostics: errors }];
    io.stderr.write(formatText({ reports, sources: await readSources({ reports, cwd: io.cwd }), color }));
    io.stderr.write(`naftiko: ${file} is not a valid capability; fix the errors above, then export again.\n`);
    return ExitCode.INVALID;
  }
  const outDir = resolve(io.cwd, output);
  let result: Awaited<ReturnType<typeof exportSkills>>;
  try {
    result = await exportSkills({
      capability: loaded.capability,
      outDir,
      ...(skills.length > 0 ? { names: skills } : {}),
      force,
    });
  } catch (error) {
    // Skills that break the Agent Skills rules come back as diagnostics, like validation errors.
    if (isNaftikoError(error, 'CAPABILITY_INVALID') && Array.isArray(error.data.diagnostics)) {
      const reports = [{ file, valid: false, diagnostics: error.data.diagnostics as Diagnostic[] }];
      io.stderr.write(formatText({ reports, sources: await readSources({ reports, cwd: io.cwd }), color }));
      io.stderr.write(
        `naftiko: ${file} has skills agents cannot load; fix the errors above, then export again.\n`,
      );
      return ExitCode.INVALID;
    }
    if (isNaftikoError(error)) {
      io.stderr.write(`naftiko: ${error.message}\n`);
      return ExitCode.INVALID;
    }
    throw error;
  }
  if (result.source === 'derived' && result.exported.length > 0) {
    io.stderr.write(
      `${file} has no skill expose: exporting one skill per MCP/REST expose, named after its namespace.\n`,
    );
  }
  for (const skill of result.exported) {
    const nearby = relative(io.cwd, skill.dir);
    const shown = nearby === '' || nearby.startsWith('..') ? skill.dir : nearby;
    io.stdout.write(
      `${skill.name}: ${shown}/ (${skill.files.length} file${skill.files.length === 1 ? '' : 's'}, SKILL.md ${skill.generated ? 'generated' : 'from the skill folder'})\n`,
    );
  }
  for (const problem of result.problems) io.stderr.write(`naftiko: ${problem}\n`);
  if (result.exported.length === 0 && result.problems.length === 0) {
    io.stderr.write(`naftiko: ${file} has no skill to export: it has no skill, MCP or REST expose.\n`);
    return ExitCode.INVALID;
  }
  return result.problems.length > 0 ? ExitCode.INVALID : ExitCode.OK;
}
