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
 *
 * The bindings are not copied per call: they live in one null-prototype object per
 * `BindingValues`, built on first use, and each context inherits them from it, holding only the
 * per-call values as own properties. Read a context by property access, `lookupPath` or a
 * template; `Object.keys` and spreading see the per-call values only, so extend one with
 * `Object.create(context)` rather than a copy.
 */
export function createTemplateContext(options: CreateTemplateContextOptions): TemplateContext {
  const { bindings, parameters, arguments: args, argumentNamespaces, steps } = options;
  const context = Object.create(bindingLayer(bindings)) as TemplateContext;
  if (steps !== undefined) assignOwn(context, steps);
  if (parameters !== undefined) assignOwn(context, parameters);
  if (args !== undefined) {
    context.tools = args;
    context.rest = args;
    if (argumentNamespaces !== undefined) {
      for (const namespace of argumentNamespaces) if (namespace) context[namespace] = args;
    }
  }
  return context;
}

const bindingLayers = new WeakMap<BindingValues, TemplateContext>();

function bindingLayer(bindings: BindingValues): TemplateContext {
  let layer = bindingLayers.get(bindings);
  if (layer === undefined) {
    layer = Object.create(null) as TemplateContext;
    assignOwn(layer, bindings.flat);
    assignOwn(layer, bindings.byNamespace);
    bindingLayers.set(bindings, layer);
  }
  return layer;
}

// Defines data properties: with no Object.prototype in the chain, even `__proto__` is just a key.
function assignOwn(target: TemplateContext, source: Readonly<Record<string, unknown>>): void {
  for (const key of Object.keys(source)) target[key] = source[key];
}
