import type { Template } from '@naftiko/core';
import { checkHeader } from './check-header.js';
import type { CompiledParameter } from './compiled-parameter.js';
import { stringifyScalar } from './encode-query-string.js';

export interface CompileHeadersOptions {
  /** `namespace.operation`, for messages. */
  operation: string;
  /** The consumes `headers` map (compat), lower-cased names, in declaration order. */
  staticHeaders: ReadonlyArray<readonly [string, Template]>;
  /** `in: header` parameters in precedence order (later wins). */
  headerParameters: readonly CompiledParameter[];
}

export interface CompiledHeaders {
  /**
   * A fresh header object for one request (lower-cased names): the consumes headers, then the
   * header parameters, later ones winning. A template whose variables are unset and a parameter
   * without a value are left out; a value with CR, LF or NUL is refused.
   */
  build(
    resolve: (parameter: CompiledParameter) => unknown,
    context: Record<string, unknown>,
  ): Record<string, string>;
}

type Source =
  | { name: string; template: Template; parameter?: undefined }
  | { name: string; parameter: CompiledParameter; template?: undefined };

/**
 * Sorts the headers of an operation once: values that never change are resolved here and copied
 * per call; only templates and argument-fed parameters are evaluated per request. A fixed value
 * makes every earlier source of the same header irrelevant, so those are dropped here too, which
 * keeps the precedence of evaluating everything in order.
 */
export function compileHeaders(options: CompileHeadersOptions): CompiledHeaders {
  const { operation, staticHeaders, headerParameters } = options;
  const sources: { name: string; fixed: string | undefined; source: Source }[] = [];
  const add = (name: string, fixed: string | undefined, source: Source) => {
    if (fixed !== undefined) {
      for (let index = sources.length - 1; index >= 0; index--) {
        if (sources[index]?.name === name) sources.splice(index, 1);
      }
    }
    sources.push({ name, fixed, source });
  };
  for (const [name, template] of staticHeaders) {
    add(name, template.isStatic ? template.source : undefined, { name, template });
  }
  for (const parameter of headerParameters) {
    const name = parameter.name.toLowerCase();
    add(name, parameter.value?.isStatic ? parameter.value.source : undefined, { name, parameter });
  }
  const fixedNames: string[] = [];
  const fixedValues: string[] = [];
  const dynamic: Source[] = [];
  for (const entry of sources) {
    if (entry.fixed === undefined) {
      dynamic.push(entry.source);
    } else {
      fixedNames.push(entry.name);
      fixedValues.push(entry.fixed);
    }
  }

  return {
    build(resolve, context) {
      const headers: Record<string, string> = {};
      for (let index = 0; index < fixedNames.length; index++) {
        headers[fixedNames[index] as string] = fixedValues[index] as string;
      }
      for (const source of dynamic) {
        if (source.template !== undefined) {
          const report = source.template.renderReport(context);
          if (report.missing.length > 0) continue; // an optional header whose variable is unset
          checkHeader({ operation, name: source.name, value: report.text });
          headers[source.name] = report.text;
          continue;
        }
        const value = resolve(source.parameter);
        if (value === undefined || value === null) continue;
        const text = Array.isArray(value) ? value.map(stringifyScalar).join(', ') : stringifyScalar(value);
        checkHeader({ operation, name: source.parameter.name, value: text });
        headers[source.name] = text;
      }
      return headers;
    },
  };
}
