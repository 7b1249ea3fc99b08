import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { callMcpTools } from './call-mcp-tools.mjs';
import { callRestGet } from './call-rest-get.mjs';
import { readCapabilityPlan } from './read-capability-plan.mjs';
import { startCapability } from './start-capability.mjs';

/**
 * Phases 2-4 for one sampled file: start it, call every MCP tool once and one REST GET, stop it.
 * `running` holds the child while it lives, so the caller can stop every one on the way out.
 */
export async function runSampleFile({ bin, file, index, upstream, running, signal, budgetMs = 60_000 }) {
  let plan;
  try {
    plan = readCapabilityPlan({
      text: await readFile(file.path, 'utf8'),
      readFile: (relative) => {
        try {
          return readFileSync(resolve(dirname(file.path), relative), 'utf8');
        } catch {
          return undefined;
        }
      },
    });
  } catch (error) {
    return { file: file.rel, started: false, reason: `harness cannot read the YAML: ${error.message}` };
  }
  // A standalone section file (consumes only, imported by capabilities) has nothing to start.
  if (plan.exposes.length === 0 && plan.library) return { file: file.rel, library: true };
  const baseUris = {};
  for (const [position, consumes] of plan.consumes.entries()) {
    if (typeof consumes.namespace !== 'string' || consumes.namespace in baseUris) continue;
    baseUris[consumes.namespace] = upstream.route({
      file: index,
      index: position,
      namespace: consumes.namespace,
    });
  }
  if (signal?.aborted) return { file: file.rel, started: false, reason: 'the report was interrupted' };
  const started = await startCapability({ bin, file: file.path, plan, baseUris, running });
  try {
    if (!started.started)
      return { file: file.rel, started: false, reason: started.reason, fileBinds: plan.fileBinds };
    const deadline = Date.now() + budgetMs;
    const state = { spaced: false };
    const mcp = [];
    const rest = [];
    for (const listener of started.listeners) {
      const expose = plan.exposes.find((e) => e.type === listener.type && e.namespace === listener.namespace);
      if (expose === undefined) continue;
      if (listener.type === 'mcp') {
        mcp.push({
          namespace: listener.namespace,
          ...(await callMcpTools({
            url: listener.url,
            expose,
            plan,
            upstream,
            fileIndex: index,
            state,
            deadline,
          })),
        });
      } else if (listener.type === 'rest') {
        const result = await callRestGet({ url: listener.url, expose, plan, upstream, fileIndex: index });
        if (result) rest.push({ namespace: listener.namespace, ...result });
      }
    }
    return { file: file.rel, started: true, listeners: started.listeners.length, mcp, rest };
  } finally {
    await started.stop();
  }
}
