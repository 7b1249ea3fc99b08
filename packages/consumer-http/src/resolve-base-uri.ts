import { type CompileTemplate, isNaftikoError, NaftikoError, type TemplateContext } from '@naftiko/core';
import { toBaseUriTemplate } from '@naftiko/spec';

export interface ResolveBaseUriOptions {
  baseUri: string;
  namespace: string;
  compileTemplate: CompileTemplate;
  bindingContext: TemplateContext;
}

/**
 * The base URI a consumer calls. The compatible dialect takes it from bound variables
 * (`{{API_BASE_URL}}/v1`, `https://{{TENANT}}.example.com`); it is rendered once, when the
 * consumer is created at start, so a variable without a value stops `run` naming it. An empty
 * `baseUri` must come from `--base-uri` (applied before this).
 */
export function resolveBaseUri({
  baseUri,
  namespace,
  compileTemplate,
  bindingContext,
}: ResolveBaseUriOptions): string {
  if (baseUri === '') {
    throw new NaftikoError(
      'REQUEST_INVALID',
      `consumes "${namespace}" has an empty baseUri: pass the upstream URL with \`--base-uri ${namespace}=https://…\` or write it in the capability`,
      { data: { operation: namespace } },
    );
  }
  if (!baseUri.includes('{')) return baseUri;
  const source = toBaseUriTemplate(baseUri);
  const template = compileTemplate(source, { mode: 'text', place: `consumes "${namespace}" baseUri` });
  try {
    return template.render(bindingContext, { strict: true });
  } catch (error) {
    if (!isNaftikoError(error, 'TEMPLATE_MISSING_VARIABLE')) throw error;
    const variable = error.data.variable;
    throw new NaftikoError(
      'TEMPLATE_MISSING_VARIABLE',
      `consumes "${namespace}" baseUri '${baseUri}' needs ${variable === undefined ? 'a variable' : `\`${String(variable)}\``} with a value: declare it under \`binds\` and set it, or pass \`--base-uri ${namespace}=https://…\``,
      { cause: error, data: { variable, place: `consumes "${namespace}" baseUri` } },
    );
  }
}
