import { defineCommand } from '../define-command.js';
import { UsageError } from '../usage-error.js';

export const skillExportCommand = defineCommand({
  name: 'skill',
  summary: 'Write installable Agent Skill folders (SKILL.md + files) from a capability',
  description:
    'Writes one folder per skill, named after it, into the output directory: the SKILL.md the\n' +
    'author wrote or one generated from the capability (what each tool does, its parameters, how\n' +
    'to call it over MCP or REST), plus the files of the skill folder. A capability without a\n' +
    '`type: skill` expose gets one skill per MCP or REST expose, named after its namespace.',
  arguments: [
    { name: 'action', description: '`export`, the one action', required: true },
    { name: 'file', description: 'The capability file', required: true },
  ],
  options: {
    output: {
      type: 'string',
      short: 'o',
      valueName: 'dir',
      description: "Directory to write the skill folders into (e.g. an agent's skills directory)",
    },
    skill: {
      type: 'string',
      valueName: 'name',
      multiple: true,
      description: 'Export only this skill (default: every skill)',
    },
    force: { type: 'boolean', description: 'Replace skill folders that already exist' },
  },
  sections: [
    {
      title: 'Exit codes',
      lines: [
        '0   every skill was written',
        '1   the capability is invalid, a skill breaks the Agent Skills rules, or a folder exists',
        '2   usage error, or the file cannot be read',
      ],
    },
    {
      title: 'Examples',
      lines: [
        'naftiko skill export capabilities/managed-agents-sessions.yaml -o ~/.claude/skills',
        'naftiko skill export capability.yaml --skill order-ops -o skills --force',
      ],
    },
  ],
  async run({ values, positionals, io }) {
    const [action, file] = positionals;
    if (action !== 'export') {
      throw new UsageError(`Unknown skill action '${action}'. Did you mean 'export'?`, { command: 'skill' });
    }
    if (values.output === undefined) {
      throw new UsageError('Missing -o <dir>: where to write the skill folders.', { command: 'skill' });
    }
    // Loaded on demand so that parsing and --help never pay for the generator.
    const { runSkillExport } = await import('../skill/run-skill-export.js');
    return await runSkillExport({
      file: file as string,
      output: values.output,
      skills: values.skill,
      force: values.force,
      io,
    });
  },
});
