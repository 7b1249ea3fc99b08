import { type CompileTemplate, isNaftikoError, NaftikoError, type TemplateContext } from '@naftiko/core';

/** A template compiled at load that yields text on the request path. */
export interface CompiledValue {
  /** Set when the value never changes (no variables, or only bound ones): the hot path reads it. */
  readonly constant?: string;
  resolve(context: TemplateContext): string;
}

export interface CompileStrictValueOptions {
  compileTemplate: CompileTemplate;
  source: string;
  /** Where the template lives, e.g. `consumes "github" authentication.token`. */
  place: string;
  /** Bindings only; when they satisfy every variable the value is rendered once, here. */
  bindingContext: TemplateContext;
}

/**
 * A credential: rendered once, here, from the bound variables only. A caller's arguments never
 * reach it (an argument named like the variable would otherwise become the upstream credential),
 * and a variable without a bound value stops the start naming it, never an empty credential on
 * every call (the reference engine sent empty credentials, and before beta3 did not see binds).
 */
export function compileStrictValue(options: CompileStrictValueOptions): CompiledValue {
  const { compileTemplate, source, place, bindingContext } = options;
  const template = compileTemplate(source, { mode: 'text', place });
  if (template.isStatic) return { constant: source, resolve: () => source };
  try {
    const constant = template.render(bindingContext, { strict: true });
    return { constant, resolve: () => constant };
  } catch (error) {
    if (!isNaftikoError(error, 'TEMPLATE_MISSING_VARIABLE')) throw error;
    const variable = typeof error.data.variable === 'string' ? error.data.variable : undefined;
    throw new NaftikoError(
      'TEMPLATE_MISSING_VARIABLE',
      `${place}: ${variable === undefined ? 'a variable' : `{{${variable}}}`} has no bound value, and credentials read bound variables only (never call arguments); declare ${variable ?? 'it'} under \`binds\` and set it`,
      { cause: error, data: { place, ...(variable === undefined ? {} : { variable }) } },
    );
  }
}
