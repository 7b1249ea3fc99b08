import type { ImportedMethod, ParameterType } from './openapi-model.js';

/**
 * The exact shape an OpenAPI import writes: a subset of the official dialect, spelled out here
 * (rather than reusing the wider compatible-dialect model types) so the generator cannot emit
 * a field `naftiko validate --dialect official` would reject.
 */
export interface ImportedCapabilityDocument {
  naftiko: '1.0.0-alpha2';
  info: { label: string; description: string; tags: string[] };
  binds?: Array<{ namespace: string; description: string; keys: Record<string, string> }>;
  capability: {
    consumes: Array<{
      type: 'http';
      namespace: string;
      baseUri: string;
      description: string;
      authentication?: ImportedAuthentication;
      resources: Array<{ name: string; path: string; operations: ImportedConsumedOperation[] }>;
    }>;
    exposes: Array<{
      type: 'mcp';
      namespace: string;
      port: number;
      transport: 'http';
      description: string;
      tools: ImportedTool[];
    }>;
  };
}

export type ImportedAuthentication =
  | { type: 'bearer'; token: string }
  | { type: 'basic'; username: string; password: string }
  | { type: 'apikey'; key: string; value: string; placement: 'header' | 'query' };

export interface ImportedConsumedOperation {
  name: string;
  method: ImportedMethod;
  description?: string;
  inputParameters?: Array<{ name: string; in: 'path' | 'query' | 'header' | 'cookie' }>;
  /** A JSON template: `'{{body}}'` sends the `body` argument as the request body. */
  body?: string;
}

export interface ImportedTool {
  name: string;
  description: string;
  hints: { readOnly: boolean; destructive: boolean; idempotent: boolean; openWorld: boolean };
  call: string;
  inputParameters?: Array<{ name: string; type: ParameterType; description: string; required: boolean }>;
}
