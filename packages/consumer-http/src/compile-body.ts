import { type CompileTemplate, NaftikoError, type Template, type TemplateContext } from '@naftiko/core';
import { encodeMultipartForm, isMultipartContentType } from './encode-multipart-form.js';

/** A request body ready to send: bytes (replayable for digest retries) and their media type. */
export interface RenderedBody {
  bytes: Uint8Array;
  contentType: string;
}

export interface CompiledBody {
  render(context: TemplateContext, parameters: Record<string, unknown>): RenderedBody | undefined;
}

/** A consumed parameter declared `in: body`. */
export interface BodyParameter {
  name: string;
  type?: string;
  value?: string;
}

export interface CompileBodyOptions {
  /** The operation's `body:`; when absent, `bodyParameters` make the body. */
  body: unknown;
  bodyParameters: readonly BodyParameter[];
  operation: string;
  compileTemplate: CompileTemplate;
}

const JSON_TYPE = 'application/json';
const encoder = new TextEncoder();

/**
 * Compiles the request body of a consumed operation. The reference engine JSON-serialised every
 * structured `data` and then ran Mustache over that text, so form, xml and text bodies carried
 * JSON, string data went out quoted, multipart was not multipart, and values were never escaped
 * (bug #749). Here each variant produces its real wire format:
 * - raw string and `json` with string data: a JSON template rendered in JSON mode (values are
 *   escaped inside string literals and inserted as JSON outside them);
 * - `json` with object/array data: string leaves are rendered, then the tree is JSON.stringify'd
 *   (a leaf that is exactly one `{{x}}` keeps x's type: objects, arrays, numbers survive);
 * - `text` / `xml` / `sparql`: text/plain, application/xml (values XML-escaped), application/sparql-query;
 * - `formUrlEncoded`: application/x-www-form-urlencoded (map values encoded; in a string template
 *   each inserted value is percent-encoded);
 * - `multipartForm`: real multipart/form-data with file parts;
 * - no `body:` but `in: body` parameters: the value is the JSON payload (the community dialect's
 *   form; the reference engine sent no body at all).
 */
export function compileBody(options: CompileBodyOptions): CompiledBody | undefined {
  const { body, bodyParameters, operation, compileTemplate } = options;
  const place = `${operation} body`;
  if (body === undefined || body === null) {
    return bodyParameters.length === 0
      ? undefined
      : compileBodyParameters(bodyParameters, operation, compileTemplate);
  }
  if (typeof body === 'string') return jsonTemplateBody(compileTemplate(body, { mode: 'json', place }));
  if (typeof body !== 'object' || Array.isArray(body))
    throw invalid(operation, 'body must be a string or an object with type and data');
  const { type, data } = body as { type?: unknown; data?: unknown };
  switch (type) {
    case 'json':
      if (typeof data === 'string') return jsonTemplateBody(compileTemplate(data, { mode: 'json', place }));
      if (typeof data === 'object' && data !== null) return jsonTreeBody(data, compileTemplate, place);
      throw invalid(
        operation,
        'body.data of a json body must be an object, an array or a JSON template string',
      );
    case 'text':
    case 'xml':
    case 'sparql': {
      if (typeof data !== 'string') throw invalid(operation, `body.data of a ${type} body must be a string`);
      const template = compileTemplate(data, { mode: 'text', place });
      const contentType = TEXT_TYPES[type];
      const xml = type === 'xml';
      return {
        render: (context) => ({
          bytes: encoder.encode(template.render(xml ? escapeXmlContext(context) : context)),
          contentType,
        }),
      };
    }
    case 'formUrlEncoded':
      return formBody(data, operation, compileTemplate, place);
    case 'multipartForm':
      return multipartBody(data, operation, compileTemplate, place);
    default:
      throw invalid(
        operation,
        `body.type '${String(type)}' is unknown; use json, text, xml, sparql, formUrlEncoded or multipartForm`,
      );
  }
}

const TEXT_TYPES = {
  text: 'text/plain; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  sparql: 'application/sparql-query; charset=utf-8',
} as const;

function jsonTemplateBody(template: Template): CompiledBody {
  if (template.isStatic) {
    const bytes = encoder.encode(template.source);
    return { render: () => ({ bytes, contentType: JSON_TYPE }) };
  }
  return {
    render: (context) => ({ bytes: encoder.encode(template.render(context)), contentType: JSON_TYPE }),
  };
}

type Node = (context: TemplateContext) => unknown;

function jsonTreeBody(data: object, compileTemplate: CompileTemplate, place: string): CompiledBody {
  const root = compileNode(data, compileTemplate, place);
  return {
    render: (context) => ({
      bytes: encoder.encode(JSON.stringify(root(context)) ?? 'null'),
      contentType: JSON_TYPE,
    }),
  };
}

function compileNode(value: unknown, compileTemplate: CompileTemplate, place: string): Node {
  if (typeof value === 'string') {
    const template = compileTemplate(value, { mode: 'text', place });
    if (template.isStatic) return () => value;
    // A missing single variable becomes null rather than vanishing, so the key stays visible.
    if (template.singleVariable !== undefined) return (context) => template.renderValue(context) ?? null;
    return (context) => template.render(context);
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => compileNode(item, compileTemplate, place));
    return (context) => items.map((item) => item(context));
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(
      ([key, item]) => [key, compileNode(item, compileTemplate, place)] as const,
    );
    return (context) => {
      const out: Record<string, unknown> = {};
      for (const [key, item] of entries) out[key] = item(context);
      return out;
    };
  }
  return () => value;
}

function formBody(
  data: unknown,
  operation: string,
  compileTemplate: CompileTemplate,
  place: string,
): CompiledBody {
  const contentType = 'application/x-www-form-urlencoded';
  if (typeof data === 'string') {
    // The string is pre-encoded form text; only inserted values need encoding.
    const template = compileTemplate(data, { mode: 'url', place });
    return { render: (context) => ({ bytes: encoder.encode(template.render(context)), contentType }) };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw invalid(operation, 'body.data of a formUrlEncoded body must be a string or a map of strings');
  }
  const fields = Object.entries(data).map(([name, value]) => {
    if (typeof value !== 'string')
      throw invalid(operation, `body.data.${name} of a formUrlEncoded body must be a string`);
    return [name, compileTemplate(value, { mode: 'text', place })] as const;
  });
  return {
    render: (context) => {
      const form = new URLSearchParams();
      for (const [name, template] of fields) form.append(name, template.render(context));
      return { bytes: encoder.encode(form.toString()), contentType };
    },
  };
}

function multipartBody(
  data: unknown,
  operation: string,
  compileTemplate: CompileTemplate,
  place: string,
): CompiledBody {
  if (!Array.isArray(data))
    throw invalid(operation, 'body.data of a multipartForm body must be a list of parts');
  const parts = data.map((part, index) => {
    const { name, value, filename, contentType } = (part ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || typeof value !== 'string') {
      throw invalid(operation, `body.data[${index}] of a multipartForm body needs a string name and value`);
    }
    if (
      contentType !== undefined &&
      (typeof contentType !== 'string' || !isMultipartContentType(contentType))
    ) {
      throw invalid(
        operation,
        `body.data[${index}].contentType of a multipartForm body must be a media type in printable ASCII, e.g. application/json`,
      );
    }
    return {
      name,
      value: compileTemplate(value, { mode: 'text', place }),
      // A part with only a content type is still a file part, named after the field.
      filename: typeof filename === 'string' ? filename : contentType === undefined ? undefined : name,
      contentType: contentType as string | undefined,
    };
  });
  return {
    render: (context) =>
      encodeMultipartForm({
        parts: parts.map((part) => ({ ...part, value: part.value.render(context) })),
      }),
  };
}

function compileBodyParameters(
  parameters: readonly BodyParameter[],
  operation: string,
  compileTemplate: CompileTemplate,
): CompiledBody {
  const compiled = parameters.map((parameter) => ({
    name: parameter.name,
    structured: parameter.type === 'object' || parameter.type === 'array',
    value:
      parameter.value === undefined
        ? undefined
        : compileTemplate(parameter.value, {
            mode: 'text',
            place: `${operation} parameter ${parameter.name}`,
          }),
  }));
  const parameterValue = (
    item: (typeof compiled)[number],
    context: TemplateContext,
    values: Record<string, unknown>,
  ) => {
    const raw = item.value === undefined ? values[item.name] : item.value.renderValue(context);
    // MCP clients sometimes send an object argument as JSON text; an object-typed body parameter
    // takes the parsed value so the upstream still receives an object, not a quoted string.
    if (item.structured && typeof raw === 'string') {
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        return raw;
      }
    }
    return raw;
  };
  const single = compiled.length === 1 ? compiled[0] : undefined;
  return {
    render: (context, values) => {
      let payload: unknown;
      if (single !== undefined) {
        payload = parameterValue(single, context, values);
      } else {
        const object: Record<string, unknown> = {};
        for (const item of compiled) {
          const value = parameterValue(item, context, values);
          if (value !== undefined) object[item.name] = value;
        }
        payload = Object.keys(object).length === 0 ? undefined : object;
      }
      if (payload === undefined) return undefined;
      const text = JSON.stringify(payload);
      if (text === undefined) throw invalid(operation, 'the body parameter cannot be serialised as JSON');
      return { bytes: encoder.encode(text), contentType: JSON_TYPE };
    },
  };
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** A copy of the context with every string XML-escaped, so an argument cannot inject markup. */
function escapeXmlContext(context: TemplateContext): TemplateContext {
  // The context's bindings are inherited from its layers (createTemplateContext): copy every
  // layer up to Object.prototype, nearest first, so what the template sees stays the same.
  const out: TemplateContext = Object.create(null);
  for (let layer: object | null = context; layer !== null && layer !== Object.prototype; ) {
    for (const [key, item] of Object.entries(layer)) {
      if (!Object.hasOwn(out, key)) out[key] = escapeXmlDeep(item, 1);
    }
    layer = Object.getPrototypeOf(layer) as object | null;
  }
  return out;
}

function escapeXmlDeep(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return value.replace(/[&<>"']/g, (char) => XML_ESCAPES[char] ?? char);
  if (typeof value !== 'object' || value === null || depth > 32) return value;
  if (Array.isArray(value)) return value.map((item) => escapeXmlDeep(item, depth + 1));
  // Null prototype: a `__proto__` key from parsed JSON stays a key.
  const out: Record<string, unknown> = Object.create(null);
  for (const [key, item] of Object.entries(value)) out[key] = escapeXmlDeep(item, depth + 1);
  return out;
}

function invalid(operation: string, message: string): NaftikoError {
  return new NaftikoError('REQUEST_INVALID', `${operation}: ${message}`, { data: { operation } });
}
