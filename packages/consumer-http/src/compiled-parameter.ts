import type { Template, TemplateContext } from '@naftiko/core';
import type { ConsumedInputParameterSpec } from '@naftiko/spec';

/** A consumed input parameter after merging levels, its `value` template compiled. */
export interface CompiledParameter {
  name: string;
  in: ConsumedInputParameterSpec['in'];
  required: boolean;
  value?: Template;
}

export interface ParameterSources {
  context: TemplateContext;
  /** The call's resolved parameters, by consumed parameter name. */
  values: Record<string, unknown>;
  /** Fallback for `in: environment` parameters that no bind provides. */
  env: Record<string, string | undefined>;
  bindingsFlat: Readonly<Record<string, string>>;
}

/**
 * Reference-engine order: the parameter's `value` template, then the argument of the same name,
 * then (for `in: environment`) the bound or environment variable. A `value` template whose
 * variables are unset yields undefined, which is how optional parameters drop out.
 */
export function resolveParameterValue(parameter: CompiledParameter, sources: ParameterSources): unknown {
  const { value } = parameter;
  if (value !== undefined) {
    if (value.isStatic) return value.source;
    if (value.singleVariable !== undefined) return value.renderValue(sources.context) ?? undefined;
    const report = value.renderReport(sources.context);
    return report.missing.length > 0 ? undefined : report.text;
  }
  // Never from the arguments: an environment parameter is configuration a caller must not override.
  if (parameter.in === 'environment')
    return sources.bindingsFlat[parameter.name] ?? sources.env[parameter.name];
  return sources.values[parameter.name];
}
