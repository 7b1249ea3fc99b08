import type { CompileTemplate, TemplateContext } from '@naftiko/core';
import type { CompiledAuth } from './compile-auth.js';

export interface CollectHeldSecretsOptions {
  authentication: { type: string; [field: string]: unknown } | undefined;
  auth: CompiledAuth;
  /** The consumes `headers` map (community dialect), which may carry a key too. */
  headers: Record<string, unknown> | undefined;
  compileTemplate: CompileTemplate;
  bindingContext: TemplateContext;
}

const SECRET_FIELDS = ['token', 'password', 'value', 'clientSecret', 'privateKey'] as const;

/**
 * The credentials this consumes entry holds, as sent: the secret fields of its authentication
 * (token, password, apikey value, oauth2 client secret or key; the oauth2 access token is added
 * when it is fetched) and of header values that come from binds, rendered once at
 * load, plus a whole constant credential header (`Basic <base64>`, which covers short passwords
 * too). These, and only these, are redacted from what the upstream sends back: the other bound
 * values (regions, ids) are data the caller may legitimately see.
 */
export function collectHeldSecrets(options: CollectHeldSecretsOptions): string[] {
  const { authentication, auth, headers, compileTemplate, bindingContext } = options;
  const secrets: string[] = [];
  const render = (source: unknown) => {
    if (typeof source !== 'string' || source === '') return;
    try {
      const template = compileTemplate(source, { mode: 'text', place: 'held secret' });
      const { text, missing } = template.renderReport(bindingContext);
      // A value that depends on call parameters is not a held credential.
      if (missing.length === 0 && text !== '') secrets.push(text);
    } catch {
      // compiled for real elsewhere, where a bad template is reported
    }
  };
  if (authentication !== undefined) {
    for (const field of SECRET_FIELDS) render(authentication[field]);
  }
  if ((auth.type === 'header' || auth.type === 'query') && auth.value.constant !== undefined) {
    secrets.push(auth.value.constant);
  }
  for (const value of Object.values(headers ?? {})) {
    if (typeof value === 'string' && value.includes('{{')) render(value);
  }
  return secrets;
}
