import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createGuardedHandler,
  createHttpServer,
  createInboundAuth,
  createReloadableAuth,
  type ExposerContext,
  type ExposerV1,
  type HttpListener,
  type HttpServerTimeouts,
  type ListenAddress,
  listenHttpServer,
  sendError,
  sendJson,
} from '@naftiko/core';
import type { ExposesSkillSpec } from '@naftiko/spec';
import { applyLiveUrls } from './apply-live-urls.js';
import { buildSkillCatalog, type CatalogSkill, readSkillContents, SKILL_MD } from './build-skill-catalog.js';
import { collectSkillFiles } from './collect-skill-files.js';
import type { SkillFolderLimits } from './create-skill-folder.js';
import { createSkillZip } from './create-skill-zip.js';
import { guessContentType } from './guess-content-type.js';
import { matchSkillRoute, type SkillRoute } from './match-skill-route.js';

export interface SkillExposerOptions extends HttpServerTimeouts {
  /** Caps on what a skill folder may hand out (file size, file count, bytes per download). */
  limits?: Partial<SkillFolderLimits>;
  /** Names answered besides the loopback names (`--allowed-host`), see core's `createHostGuard`. */
  allowedHosts?: readonly string[];
}

const DEFAULT_ADDRESS = '127.0.0.1';

/**
 * `type: skill`: a read-only Agent Skills catalog on its own port. `GET /skills`,
 * `/skills/{name}` (metadata and tools, with how to call each), `/skills/{name}/download` (a
 * zip of the skill folder) and `/skills/{name}/contents[/{file}]`. A skill without `location`,
 * or whose folder has no SKILL.md, gets one generated from the capability.
 */
export function createSkillExposer(options: SkillExposerOptions = {}): ExposerV1 {
  const { limits, allowedHosts } = options;
  return {
    specificationVersion: 'v1',
    type: 'skill',
    doCreate: ({ expose, context }) => {
      const spec = expose as ExposesSkillSpec;
      const place = `skill "${spec.namespace}"`;
      const address = spec.address ?? DEFAULT_ADDRESS;
      const index = context.capability.exposes.findIndex(
        (entry) => entry.type === 'skill' && entry.namespace === spec.namespace,
      );
      const compile = (next: ExposesSkillSpec, nextContext: ExposerContext) => ({
        context: nextContext,
        catalog: buildSkillCatalog({
          capability: nextContext.capability,
          skills: next.skills,
          createAction: nextContext.createAction,
          logger: nextContext.logger,
          place,
          pointerOf: (i) => `/capability/exposes/${index}/skills/${i}`,
          ...(limits ? { limits } : {}),
        }),
        auth: next.authentication
          ? createInboundAuth({
              authentication: next.authentication,
              compileTemplate: nextContext.compileTemplate,
              bindings: nextContext.bindings,
              place,
            })
          : undefined,
      });
      let compiled = compile(spec, context);
      const auth = createReloadableAuth(() => compiled.auth);
      let listener: HttpListener | undefined;

      const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
        const rawPath = (request.url ?? '/').split('?')[0] ?? '/';
        const matched = matchSkillRoute(rawPath);
        if (!matched.ok) {
          sendError(response, matched.status, matched.message);
          return;
        }
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          sendError(response, 405, 'The skill catalog is read-only: use GET or HEAD.', {
            allow: 'GET, HEAD',
          });
          return;
        }
        await serve(matched.route, response, {
          catalog: compiled.catalog,
          context: compiled.context,
          limits,
        });
      };

      return {
        doStart: async (): Promise<ListenAddress[]> => {
          const server = createHttpServer({
            headersTimeoutMs: options.headersTimeoutMs ?? 10_000,
            requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
            handler: createGuardedHandler({
              address,
              ...(allowedHosts === undefined ? {} : { allowedHosts }),
              auth,
              name: 'skill catalog',
              place,
              logger: context.logger,
              handle,
            }),
          });
          listener = await listenHttpServer({
            server,
            address,
            port: spec.port,
            place,
            portKey: spec.namespace,
            data: { type: 'skill', namespace: spec.namespace },
          });
          return [{ type: 'skill', namespace: spec.namespace, url: `${listener.url}/skills` }];
        },
        doReload: async ({ expose: next, context: nextContext }) => {
          const prepared = compile(next as ExposesSkillSpec, nextContext);
          return {
            commit: () => {
              compiled = prepared;
            },
          };
        },
        doStop: async () => {
          const closing = listener;
          listener = undefined;
          await closing?.close();
        },
      };
    },
  };
}

interface ServeOptions {
  catalog: Map<string, CatalogSkill>;
  context: ExposerContext;
  limits: Partial<SkillFolderLimits> | undefined;
}

async function serve(route: SkillRoute, response: ServerResponse, options: ServeOptions): Promise<void> {
  const { catalog, context } = options;
  if (route.kind === 'catalog') {
    sendJson(response, 200, {
      count: catalog.size,
      skills: [...catalog.values()].map(({ spec }) => ({
        name: spec.name,
        description: spec.description,
        ...(spec.license === undefined ? {} : { license: spec.license }),
        tools: (spec.tools ?? []).map((tool) => tool.name),
      })),
    });
    return;
  }
  const skill = catalog.get(route.name);
  if (!skill) {
    const known = [...catalog.keys()];
    sendError(
      response,
      404,
      `No skill "${route.name}"${known.length ? `; skills: ${known.join(', ')}` : ''}.`,
    );
    return;
  }
  const addresses = context.status().addresses;
  switch (route.kind) {
    case 'skill': {
      const { spec } = skill;
      sendJson(response, 200, {
        name: spec.name,
        description: spec.description,
        ...pick(spec, ['license', 'compatibility', 'argument-hint', 'allowed-tools', 'user-invocable']),
        ...pick(spec, ['disable-model-invocation']),
        ...(spec.metadata && Object.keys(spec.metadata).length > 0 ? { metadata: spec.metadata } : {}),
        tools: applyLiveUrls(skill.tools, addresses),
      });
      return;
    }
    case 'contents': {
      const contents = await readSkillContents({ skill, capability: context.capability, addresses });
      sendJson(response, 200, {
        name: skill.spec.name,
        files: contents.files.map((file) => ({ ...file, type: guessContentType(file.path) })),
      });
      return;
    }
    case 'file': {
      const path = route.segments.join('/');
      if (path === SKILL_MD) {
        const contents = await readSkillContents({ skill, capability: context.capability, addresses });
        if (contents.generated !== undefined) {
          sendBytes(response, Buffer.from(contents.generated, 'utf8'), guessContentType(SKILL_MD));
          return;
        }
      }
      if (!skill.folder) {
        sendError(
          response,
          404,
          `Skill "${skill.spec.name}" has no folder; it only has a generated ${SKILL_MD}.`,
        );
        return;
      }
      const read = await skill.folder.read(route.segments);
      if (!read.ok) {
        sendError(response, read.status, read.message);
        return;
      }
      sendBytes(response, read.data, guessContentType(read.path));
      return;
    }
    case 'download': {
      const collected = await collectSkillFiles({
        skill,
        capability: context.capability,
        addresses,
        ...(options.limits?.maxTotalBytes === undefined
          ? {}
          : { maxTotalBytes: options.limits.maxTotalBytes }),
      });
      if (!collected.ok) {
        sendError(response, collected.status, collected.message);
        return;
      }
      const zip = createSkillZip({ name: skill.spec.name, files: collected.files });
      sendBytes(response, Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength), 'application/zip', {
        'content-disposition': `attachment; filename="${skill.spec.name}.zip"`,
      });
      return;
    }
  }
}

function sendBytes(
  response: ServerResponse,
  data: Buffer,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(200, {
    'content-type': contentType,
    'content-length': data.byteLength,
    // Files are the skill author's: never let a browser run them on the catalog's origin.
    'content-security-policy': "default-src 'none'; sandbox",
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  response.end(response.req.method === 'HEAD' ? undefined : data);
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out;
}
