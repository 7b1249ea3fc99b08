import type { BindingValues } from './binds/binding-values.js';
import type { TemplateContext } from './template.js';

export interface CreateTemplateContextOptions {
  bindings: BindingValues;
  /** Resolved parameters, available flat (`{{session_id}}`). */
  parameters?: Record<string, unknown>;
  /** The caller's arguments, available as `{{tools.x}}`, `{{rest.x}}` and `{{<namespace>.x}}`. */
  arguments?: Record<string, unknown>;
  /** Namespaces (besides `tools` and `rest`) under which the arguments are visible: the expose's. */
  argumentNamespaces?: readonly string[];
  /** Step outputs by step name (`{{get-ship.imo}}`). */
  steps?: Record<string, unknown>;
}

/**
 * The context templates render against. Later entries win: bindings (flat, then by namespace),
 * step outputs, parameters, then the argument namespaces - so `{{tools.x}}` always means the
 * argument and a parameter can shadow a bound variable of the same name.
 */
export function createTemplateContext(options: CreateTemplateContextOptions): TemplateContext {
  const { bindings, parameters, arguments: args, argumentNamespaces = [], steps } = options;
  // One spread of a cached object is a fast clone; this runs once or twice per call.
  const context: TemplateContext = { ...bindingContext(bindings) };
  if (steps) Object.assign(context, steps);
  if (parameters) Object.assign(context, parameters);
  if (args !== undefined) {
    context.tools = args;
    context.rest = args;
    for (const namespace of argumentNamespaces) if (namespace) context[namespace] = args;
  }
  return context;
}

const bindingContexts = new WeakMap<BindingValues, TemplateContext>();

function bindingContext(bindings: BindingValues): TemplateContext {
  let context = bindingContexts.get(bindings);
  if (!context) {
    context = { ...bindings.flat, ...bindings.byNamespace };
    bindingContexts.set(bindings, context);
  }
  return context;
}
