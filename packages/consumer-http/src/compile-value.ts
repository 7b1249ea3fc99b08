import { type CompileTemplate, isNaftikoError, type TemplateContext } from '@naftiko/core';

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
 * A credential-like value: a missing variable is a TEMPLATE_MISSING_VARIABLE error naming it,
 * never an empty string (the reference engine sent empty credentials, and before beta3 did not see
 * binds at all). Values over bindings alone are rendered once at load.
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
  }
  return { resolve: (context) => template.render(context, { strict: true }) };
}
