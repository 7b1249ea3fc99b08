import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { classifyCall } from './classify-call.mjs';
import { describeExpectation, expectedRequests } from './expected-request.mjs';
import { makeArguments } from './make-arguments.mjs';

const REQUEST_TIMEOUT = -32001;

/**
 * Phase 3 for one MCP listener: the official SDK client, `tools/list`, then every tool once
 * with arguments made from its inputSchema, one at a time, each judged by what the recording
 * upstream received for this file during the call.
 */
export async function callMcpTools({
  url,
  expose,
  plan,
  upstream,
  fileIndex,
  state,
  deadline = Number.POSITIVE_INFINITY,
  timeoutMs = 8_000,
}) {
  const client = new Client({ name: 'naftiko-corpus', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: expose.headers ?? {} },
  });
  const calls = [];
  try {
    await client.connect(transport, { timeout: timeoutMs });
    const { tools } = await client.listTools(undefined, { timeout: timeoutMs });
    for (const tool of tools) {
      const args = makeArguments({ schema: tool.inputSchema, state });
      const action = expose.tools.get(tool.name);
      const expected = action
        ? expectedRequests({ plan, action, args, exposeNamespace: expose.namespace, exposeAlias: 'tools' })
        : { unknown: `tool \`${tool.name}\` is not in the YAML` };
      if (Date.now() > deadline) {
        calls.push({
          tool: tool.name,
          args,
          verdict: 'timeout',
          detail: 'the file ran out of time',
          received: [],
        });
        continue;
      }
      upstream.clear(fileIndex);
      const outcome = {};
      try {
        const result = await client.callTool({ name: tool.name, arguments: args }, undefined, {
          timeout: timeoutMs,
        });
        if (result.isError) outcome.message = firstText(result.content) ?? 'isError with no text';
      } catch (error) {
        if (error?.code === REQUEST_TIMEOUT) outcome.timeout = true;
        outcome.message = String(error?.message ?? error).slice(0, 300);
      }
      const received = upstream.requestsOf(fileIndex);
      calls.push({
        tool: tool.name,
        args,
        expected: describeExpectation(expected),
        ...classifyCall({ expected, received, outcome }),
        received: received.map((r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ''}`),
      });
    }
    return { calls };
  } catch (error) {
    return { calls, error: String(error?.message ?? error).slice(0, 300) };
  } finally {
    await client.close().catch(() => {});
  }
}

function firstText(content) {
  const text = Array.isArray(content) ? content.find((c) => c?.type === 'text')?.text : undefined;
  return typeof text === 'string' ? text.slice(0, 300) : undefined;
}
