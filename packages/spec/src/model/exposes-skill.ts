import { Type } from '@sinclair/typebox';
import { COMMUNITY_KEYWORDS } from './dialect-markers.js';
import { closedObject, stringMap } from './schema-helpers.js';

export const exposesSkillDefinitions = {
  ExposesSkill: closedObject(
    {
      type: Type.Literal('skill'),
      address: Type.Optional(Type.Ref('Address')),
      port: Type.Ref('Port'),
      namespace: Type.Ref('IdentifierKebab', { description: 'Unique name of this expose.' }),
      description: Type.Optional(Type.String()),
      authentication: Type.Optional(Type.Ref('Authentication')),
      skills: Type.Array(Type.Ref('ExposedSkill'), { minItems: 1 }),
    },
    { description: 'A catalog of Agent Skills served over HTTP.' },
  ),
  ExposedSkill: closedObject(
    {
      name: Type.Ref('IdentifierKebab'),
      description: Type.String({ maxLength: 1024, description: 'When an agent should use the skill.' }),
      license: Type.Optional(Type.String()),
      compatibility: Type.Optional(Type.String({ maxLength: 500 })),
      metadata: Type.Optional(stringMap()),
      'allowed-tools': Type.Optional(Type.String({ maxLength: 1024 })),
      'argument-hint': Type.Optional(Type.String()),
      'user-invocable': Type.Optional(Type.Boolean({ default: true })),
      'disable-model-invocation': Type.Optional(Type.Boolean({ default: false })),
      location: Type.Optional(Type.Ref('FileUri', { description: 'Folder with the skill files.' })),
      tools: Type.Optional(Type.Array(Type.Ref('SkillTool'), { minItems: 1 })),
    },
    { description: 'One skill: its SKILL.md front matter and its tools.' },
  ),
  SkillTool: closedObject(
    {
      name: Type.Ref('IdentifierKebab'),
      description: Type.String(),
      from: Type.Optional(
        closedObject(
          {
            sourceNamespace: Type.String({ description: 'A sibling expose (rest or mcp).' }),
            action: Type.String({ description: 'The tool or operation of that expose.' }),
          },
          { description: 'Reuses an action of another expose.' },
        ),
      ),
      instruction: Type.Optional(Type.String({ description: 'Plain instructions for the agent.' })),
    },
    {
      oneOf: [{ required: ['from'] }, { required: ['instruction'] }],
      description: 'A tool listed in a skill.',
      [COMMUNITY_KEYWORDS]: { required: ['name'] },
    },
  ),
};
