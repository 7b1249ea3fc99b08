import * as skill from '@naftiko/exposer-skill';
import { expect, test } from 'vitest';

test('the public runtime exports (adding one is an API change)', () => {
  expect(Object.keys(skill).sort()).toMatchInlineSnapshot(`
    [
      "DEFAULT_SKILL_FOLDER_LIMITS",
      "MAX_SKILL_COMPATIBILITY_LENGTH",
      "MAX_SKILL_DESCRIPTION_LENGTH",
      "MAX_SKILL_NAME_LENGTH",
      "buildSkillCatalog",
      "checkAgentSkill",
      "createSkillExposer",
      "deriveSkills",
      "exportSkills",
      "generateSkillMd",
      "planSkillExport",
      "readSkillContents",
      "toSkillName",
    ]
  `);
});
