/**
 * `with` resolution, exactly as docs/architecture.md states it:
 * - a string `tools.x`, `rest.x` or `<expose namespace>.x` is an argument reference: it keeps the
 *   argument's type (objects and arrays survive; `tools.a.b` reaches into an object); when the
 *   argument is absent the key is omitted;
 * - any other string is a text template over the context (bindings, arguments, parameters, step
 *   outputs); a template that is exactly one `{{path}}` keeps the value's type, and omits the key
 *   when the value is missing;
 * - numbers and booleans pass through;
 * - the base (the caller's arguments, or the running step parameters) is copied first, then
 *   `with` overrides it.
 */

import type { WithSpec } from '@naftiko/spec';
import { compileTemplate, lookupPath, type Template, type TemplateContext } from '../template.js';

export interface WithReference {
  /** The `with` key: the consumed parameter name. */
  key: string;
  /** The argument path the value comes from (`body`, `filter.status`). */
  argument: string[];
}

export interface ResolveWithOptions {
  base: Record<string, unknown>;
  args: Record<string, unknown>;
  /** Built only when a template needs it. */
  context: () => TemplateContext;
}

export interface CompiledWith {
  readonly references: readonly WithReference[];
  /** Argument paths templates reference (`{{tools.x}}`), for deriving input schemas. */
  readonly templateArguments: readonly string[][];
  resolve(options: ResolveWithOptions): Record<string, unknown>;
}

export interface CompileWithOptions {
  with: WithSpec | undefined;
  /** Namespaces whose `<ns>.x` strings are argument references, besides `tools` and `rest`. */
  argumentNamespaces: readonly string[];
  place: string;
}

type Entry =
  | { kind: 'reference'; key: string; argument: string[] }
  | { kind: 'template'; key: string; template: Template }
  | { kind: 'literal'; key: string; value: unknown };

export function argumentPrefixes(argumentNamespaces: readonly string[]): string[] {
  return ['tools', 'rest', ...argumentNamespaces.filter((ns) => ns !== '')];
}

/** The argument path of `tools.x.y` / `rest.x` / `<ns>.x`, or undefined for any other string. */
export function parseArgumentReference(value: string, prefixes: readonly string[]): string[] | undefined {
  for (const prefix of prefixes) {
    if (value.length > prefix.length + 1 && value.startsWith(`${prefix}.`)) {
      const path = value.slice(prefix.length + 1);
      if (/^[A-Za-z0-9_*-]+(?:\.[A-Za-z0-9_*-]+)*$/.test(path)) return path.split('.');
    }
  }
  return undefined;
}

export function compileWith({ with: spec, argumentNamespaces, place }: CompileWithOptions): CompiledWith {
  const prefixes = argumentPrefixes(argumentNamespaces);
  const entries: Entry[] = Object.entries(spec ?? {}).map(([key, value]): Entry => {
    if (typeof value !== 'string') return { kind: 'literal', key, value };
    const argument = parseArgumentReference(value, prefixes);
    if (argument) return { kind: 'reference', key, argument };
    const template = compileTemplate(value, { mode: 'text', place: `${place} with.${key}` });
    return template.isStatic ? { kind: 'literal', key, value } : { kind: 'template', key, template };
  });
  const references = entries.flatMap((entry) =>
    entry.kind === 'reference' ? [{ key: entry.key, argument: entry.argument }] : [],
  );
  const templateArguments = entries.flatMap((entry) =>
    entry.kind === 'template'
      ? entry.template.variables.flatMap((variable) => {
          const argument = parseArgumentReference(variable, prefixes);
          return argument ? [argument] : [];
        })
      : [],
  );

  const keys = new Set(entries.map((entry) => entry.key));
  return {
    references,
    templateArguments,
    resolve: ({ base, args, context }) => {
      // Built key by key rather than spread-then-patched (a spread object that gains or loses
      // keys takes slow paths in V8 on every call); keys `with` sets are left to it.
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(base)) if (!keys.has(key)) setOwn(out, key, base[key]);
      let built: TemplateContext | undefined;
      for (const entry of entries) {
        let value: unknown;
        if (entry.kind === 'literal') value = entry.value;
        else if (entry.kind === 'reference') value = lookupPath(args, entry.argument);
        else {
          built ??= context();
          value = entry.template.renderValue(built);
        }
        if (value !== undefined) setOwn(out, entry.key, value);
      }
      return out;
    },
  };
}

/** An own data property, even for the key `__proto__` (which plain assignment would treat as the prototype). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}
