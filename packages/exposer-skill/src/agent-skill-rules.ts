/**
 * The Agent Skills rules (agentskills.io) a SKILL.md must follow, which are stricter than the
 * Naftiko schema: the schema allows upper-case skill names, agents do not load them.
 */
import type { Diagnostic } from '@naftiko/spec';

export const MAX_SKILL_NAME_LENGTH = 64;
export const MAX_SKILL_DESCRIPTION_LENGTH = 1024;
export const MAX_SKILL_COMPATIBILITY_LENGTH = 500;

const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface AgentSkillFields {
  name: string;
  description: string;
  compatibility?: string;
}

export interface CheckAgentSkillOptions {
  skill: AgentSkillFields;
  /** JSON pointer of the skill in the capability, e.g. `/capability/exposes/1/skills/0`. */
  pointer: string;
  file?: string;
}

/** Diagnostics (severity error) for every rule the skill breaks; [] when it is loadable. */
export function checkAgentSkill({ skill, pointer, file }: CheckAgentSkillOptions): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const add = (field: string, message: string) =>
    diagnostics.push({
      code: 'agent-skill-invalid',
      severity: 'error',
      message,
      pointer: `${pointer}/${field}`,
      ...(file === undefined ? {} : { file }),
    });
  const { name, description, compatibility } = skill;
  if (name.length === 0 || name.length > MAX_SKILL_NAME_LENGTH || !NAME.test(name)) {
    add(
      'name',
      `skill name "${name}" breaks the Agent Skills rules: 1-${MAX_SKILL_NAME_LENGTH} lower-case letters, digits and single hyphens, not starting or ending with a hyphen; use "${toSkillName(name)}"`,
    );
  }
  if (description.trim().length === 0 || description.length > MAX_SKILL_DESCRIPTION_LENGTH) {
    add(
      'description',
      `skill "${name}" needs a description of 1-${MAX_SKILL_DESCRIPTION_LENGTH} characters saying what it does and when to use it (it has ${description.length})`,
    );
  }
  if (
    compatibility !== undefined &&
    (compatibility.length === 0 || compatibility.length > MAX_SKILL_COMPATIBILITY_LENGTH)
  ) {
    add(
      'compatibility',
      `skill "${name}" compatibility must be 1-${MAX_SKILL_COMPATIBILITY_LENGTH} characters (it has ${compatibility.length})`,
    );
  }
  return diagnostics;
}

/** A valid skill name made from any text: lower-cased, other characters turned into hyphens. */
export function toSkillName(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const clipped = slug.slice(0, MAX_SKILL_NAME_LENGTH).replace(/-+$/, '');
  return clipped === '' ? 'skill' : clipped;
}

/** Cuts text to `max` characters at a word boundary, ending with an ellipsis when cut. */
export function clampText(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s.,;:]+$/, '')}…`;
}
