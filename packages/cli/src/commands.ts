import { exportOpenapiCommand } from './commands/export-openapi.js';
import { healthCommand } from './commands/health.js';
import { importOpenapiCommand } from './commands/import-openapi.js';
import { metricsCommand } from './commands/metrics.js';
import { migrateCommand } from './commands/migrate.js';
import { runCommand } from './commands/run.js';
import { skillExportCommand } from './commands/skill-export.js';
import { statusCommand } from './commands/status.js';
import { validateCommand } from './commands/validate.js';
import type { CommandDefinition } from './define-command.js';

/**
 * Every `naftiko` command, in help order. A new command is one file in `commands/` plus one line
 * here; keep command modules light (heavy imports go inside `run`, see `CommandDefinition`).
 */
export const commands: readonly CommandDefinition[] = [
  runCommand,
  validateCommand,
  exportOpenapiCommand,
  importOpenapiCommand,
  skillExportCommand,
  migrateCommand,
  healthCommand,
  statusCommand,
  metricsCommand,
];
