import { statSync } from 'node:fs';
import type {
  McpError,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
} from '@modelcontextprotocol/sdk/types.js';
import {
  type Action,
  type ExposerContext,
  isNaftikoError,
  NaftikoError,
  resolveFileLocation,
} from '@naftiko/core';
import type { ExposesMcpSpec, McpResourceSpec } from '@naftiko/spec';
import { collectStream } from './collect-stream.js';
import { compileUriTemplate, isUriTemplate, type UriTemplate } from './compile-uri-template.js';
import { createStaticResource, type StaticResource } from './create-static-resource.js';
import type { ToolCallSettings } from './create-tool-caller.js';
import { protocolError } from './protocol-error.js';
import { sdkTypes } from './sdk-types.js';

import { stringifyJson } from './to-tool-result.js';

/** MCP's "resource not found" JSON-RPC error code. */
export const RESOURCE_NOT_FOUND = -32002;

export interface CompiledResources {
  readonly size: number;
  list(): Promise<Resource[]>;
  listTemplates(): ResourceTemplate[];
  read(uri: string, signal: AbortSignal): Promise<ReadResourceResult>;
}

export interface CompileResourcesOptions {
  expose: ExposesMcpSpec;
  context: ExposerContext;
  settings: ToolCallSettings;
  maxFileBytes: number;
  maxFiles: number;
}

type Entry =
  | { kind: 'fixed'; spec: McpResourceSpec; action: Action }
  | { kind: 'template'; spec: McpResourceSpec; action: Action; template: UriTemplate }
  | { kind: 'static'; spec: McpResourceSpec; files: StaticResource };

/**
 * Resources, compiled once: dynamic ones (`call`/`steps`) run their action on read, a `{param}`
 * URI makes a resource template whose values become the action's arguments, and `location`
 * serves local files.
 */
export function compileResources(options: CompileResourcesOptions): CompiledResources {
  const { expose, context, settings } = options;
  const entries: Entry[] = (expose.resources ?? []).map((spec) => {
    const place = `mcp "${expose.namespace}" resource "${spec.name}"`;
    if (spec.location !== undefined) {
      const path = resolveFileLocation(spec.location, context.capability.baseDir);
      if (path === undefined) {
        throw new NaftikoError(
          'ACTION_INVALID',
          `${place}: location "${spec.location}" names no file or folder (relative to ${context.capability.baseDir}); create it or fix the path.`,
          { data: { place } },
        );
      }
      return {
        kind: 'static',
        spec,
        files: createStaticResource({
          path,
          isDirectory: statSync(path).isDirectory(),
          uri: spec.uri,
          name: spec.name,
          title: spec.label,
          description: spec.description,
          ...(spec.mimeType === undefined ? {} : { mimeType: spec.mimeType }),
          maxFileBytes: options.maxFileBytes,
          maxFiles: options.maxFiles,
        }),
      };
    }
    const action = context.createAction(spec, { exposeNamespace: expose.namespace, name: spec.name });
    return isUriTemplate(spec.uri)
      ? { kind: 'template', spec, action, template: compileUriTemplate(spec.uri) }
      : { kind: 'fixed', spec, action };
  });

  const runAction = async (
    entry: Extract<Entry, { action: Action }>,
    uri: string,
    args: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<ReadResourceResult> => {
    const issues = entry.action.validate(args);
    if (issues.length > 0) {
      const { ErrorCode } = sdkTypes();
      throw protocolError(
        ErrorCode.InvalidParams,
        `Invalid resource URI ${uri}: ${issues.map((issue) => issue.message).join('; ')}.`,
      );
    }
    const upstream = new AbortController();
    const onAbort = () => upstream.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const result = await entry.action.run(args, { signal: upstream.signal });
      const mimeType = entry.spec.mimeType;
      if (result.type === 'json') {
        return {
          contents: [
            {
              uri,
              mimeType: mimeType ?? 'application/json',
              text: stringifyJson(result.value, settings.jsonFormat),
            },
          ],
        };
      }
      if (result.type === 'text') {
        return { contents: [{ uri, mimeType: mimeType ?? result.contentType, text: result.text }] };
      }
      const collected = await collectStream({
        events: result.events,
        maxEvents: settings.maxStreamEvents,
        maxBytes: settings.maxStreamBytes,
        maxDurationMs: settings.maxStreamDurationMs,
        signal,
        abortUpstream: () => upstream.abort(),
      });
      return {
        contents: [
          { uri, mimeType: 'application/json', text: stringifyJson(collected.events, settings.jsonFormat) },
        ],
      };
    } catch (error) {
      throw toResourceError(uri, error);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  };

  return {
    size: entries.length,
    list: async () => {
      const listed: Resource[] = [];
      for (const entry of entries) {
        if (entry.kind === 'template') continue;
        if (entry.kind === 'static') listed.push(...(await entry.files.list()));
        else listed.push(resourceListing(entry.spec));
      }
      return listed;
    },
    listTemplates: () =>
      entries
        .filter((entry) => entry.kind === 'template')
        .map(({ spec }) => ({
          uriTemplate: spec.uri,
          name: spec.name,
          title: spec.label,
          description: spec.description,
          ...(spec.mimeType === undefined ? {} : { mimeType: spec.mimeType }),
        })),
    read: async (uri, signal) => {
      for (const entry of entries) {
        if (entry.kind === 'fixed' && entry.spec.uri === uri) return runAction(entry, uri, {}, signal);
        if (entry.kind === 'template') {
          const values = entry.template.match(uri);
          if (values) return runAction(entry, uri, values, signal);
        }
        if (entry.kind === 'static') {
          const found = await entry.files.read(uri);
          if (found) return found;
        }
      }
      throw protocolError(RESOURCE_NOT_FOUND, `Resource not found: ${uri}`, { uri });
    },
  };
}

function resourceListing(spec: McpResourceSpec): Resource {
  return {
    uri: spec.uri,
    name: spec.name,
    title: spec.label,
    description: spec.description,
    ...(spec.mimeType === undefined ? {} : { mimeType: spec.mimeType }),
  };
}

function toResourceError(uri: string, error: unknown): McpError {
  const { ErrorCode, McpError } = sdkTypes();
  if (error instanceof McpError) return error;
  if (!isNaftikoError(error))
    return protocolError(ErrorCode.InternalError, `Reading ${uri} failed; see the server log.`);
  if (error.code === 'UPSTREAM_STATUS' && error.data.status === 404) {
    return protocolError(RESOURCE_NOT_FOUND, `Resource not found: ${uri} (${error.message})`, { uri });
  }
  return protocolError(ErrorCode.InternalError, `Reading ${uri} failed: ${error.message}`, {
    code: error.code,
  });
}
