export type { AgentSkillFields, CheckAgentSkillOptions } from './agent-skill-rules.js';
export {
  checkAgentSkill,
  MAX_SKILL_COMPATIBILITY_LENGTH,
  MAX_SKILL_DESCRIPTION_LENGTH,
  MAX_SKILL_NAME_LENGTH,
  toSkillName,
} from './agent-skill-rules.js';
export type {
  BuildSkillCatalogOptions,
  CatalogSkill,
  ReadSkillContentsOptions,
  SkillCatalogFile,
  SkillContents,
} from './build-skill-catalog.js';
export { buildSkillCatalog, readSkillContents } from './build-skill-catalog.js';
export type { SkillExposerOptions } from './create-skill-exposer.js';
export { createSkillExposer } from './create-skill-exposer.js';
export type { SkillFolderLimits } from './create-skill-folder.js';
export { DEFAULT_SKILL_FOLDER_LIMITS } from './create-skill-folder.js';
export { deriveSkills } from './derive-skills.js';
export type {
  DerivedSkillTool,
  InstructionSkillTool,
  InvocationAuth,
  McpInvocation,
  RestInvocation,
  SkillInvocation,
  SkillToolInfo,
  SkillToolParameter,
} from './describe-skill-tools.js';
export type {
  ExportedSkill,
  ExportSkillsOptions,
  ExportSkillsResult,
  SkillExportPlan,
} from './export-skills.js';
export { exportSkills, planSkillExport } from './export-skills.js';
export type { GenerateSkillMdOptions } from './generate-skill-md.js';
export { generateSkillMd } from './generate-skill-md.js';
