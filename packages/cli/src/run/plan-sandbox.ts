import { type Capability, listTemplateVariables } from '@naftiko/core';

/** The upstream the built-in sandbox stands in for. */
export const SANDBOX_HOST = 'api.anthropic.com';

export interface SandboxPlan {
  /** Consumes namespaces to point at the sandbox. */
  namespaces: string[];
  /** Environment variables (bind provider keys) their authentication reads: they get the sandbox key. */
  variables: string[];
}

export interface PlanSandboxOptions {
  capability: Capability;
  /** Namespaces the user already pointed somewhere with --base-uri: left alone. */
  pinned: ReadonlySet<string>;
}

/**
 * Which consumes the sandbox replaces (those whose baseUri is api.anthropic.com) and which bind
 * variables their authentication uses, so `--sandbox` needs neither network nor a real key.
 */
export function planSandbox({ capability, pinned }: PlanSandboxOptions): SandboxPlan {
  const namespaces = capability.consumes
    .filter((consumes) => !pinned.has(consumes.namespace) && isSandboxHost(consumes.baseUri))
    .map((consumes) => consumes.namespace);
  const referenced = new Set<string>();
  for (const consumes of capability.consumes) {
    if (!namespaces.includes(consumes.namespace)) continue;
    const auth = (consumes.authentication ?? {}) as Record<string, unknown>;
    for (const field of ['value', 'token', 'username', 'password']) {
      const value = auth[field];
      if (typeof value !== 'string') continue;
      // `{{env.KEY}}` and `{{KEY}}` both name the bind variable KEY.
      for (const variable of listTemplateVariables(value))
        referenced.add(variable.split('.').at(-1) as string);
    }
  }
  const variables: string[] = [];
  for (const bind of capability.binds) {
    // Only environment binds can be supplied this way; a file bind keeps its own values.
    if (bind.location !== undefined) continue;
    for (const [variable, providerKey] of Object.entries(bind.keys ?? {})) {
      if (referenced.has(variable) && !variables.includes(providerKey)) variables.push(providerKey);
    }
  }
  return { namespaces, variables };
}

export function isSandboxHost(baseUri: string): boolean {
  try {
    return new URL(baseUri).hostname.toLowerCase() === SANDBOX_HOST;
  } catch {
    return false;
  }
}
