import { Type } from '@sinclair/typebox';
import { aggregateDefinitions } from './aggregates.js';
import { authenticationDefinitions } from './authentication.js';
import { commonDefinitions } from './common.js';
import { consumesDefinitions } from './consumes.js';
import { exposesControlDefinitions } from './exposes-control.js';
import { exposesMcpDefinitions } from './exposes-mcp.js';
import { exposesDefinitions, exposesRestDefinitions } from './exposes-rest.js';
import { exposesSkillDefinitions } from './exposes-skill.js';
import { documentDefinitions, infoBindsDefinitions } from './info-binds.js';
import { inputParameterDefinitions, outputParameterDefinitions } from './output-parameters.js';
import { stepDefinitions } from './steps.js';

/**
 * Every definition of the capability model, by name. The TypeScript types below and both
 * published JSON Schemas (see `generate-schema.ts`) derive from this one object.
 */
export const capabilityDefinitions = {
  ...documentDefinitions,
  ...infoBindsDefinitions,
  ...consumesDefinitions,
  ...authenticationDefinitions,
  ...outputParameterDefinitions,
  ...inputParameterDefinitions,
  ...exposesDefinitions,
  ...exposesRestDefinitions,
  ...exposesMcpDefinitions,
  ...exposesSkillDefinitions,
  ...exposesControlDefinitions,
  ...stepDefinitions,
  ...aggregateDefinitions,
  ...commonDefinitions,
};

/** The definitions as a TypeBox module, which resolves `Type.Ref` names for type inference. */
export const CapabilityModule = Type.Module(capabilityDefinitions);

export type CapabilityDefinitionName = keyof typeof capabilityDefinitions;
