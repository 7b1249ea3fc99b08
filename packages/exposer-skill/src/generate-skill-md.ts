import type { JsonSchema } from '@naftiko/core';
import type { ExposedSkillSpec } from '@naftiko/spec';
import { stringify } from 'yaml';
import type {
  DerivedSkillTool,
  InvocationAuth,
  McpInvocation,
  RestInvocation,
  SkillToolInfo,
  SkillToolParameter,
} from './describe-skill-tools.js';

export interface GenerateSkillMdOptions {
  skill: ExposedSkillSpec;
  tools: readonly SkillToolInfo[];
  /** The capability's `info`, for the title and context. */
  info?: { label?: string; description?: string };
  /** Other files of the skill's folder, relative, linked from a Files section. */
  files?: readonly string[];
}

/**
 * A SKILL.md for a skill whose author wrote none: Agent Skills front matter (name, description,
 * and license, compatibility, metadata, allowed-tools when declared) and a body that tells an
 * agent, tool by tool, what it does, its parameters and how to call it (MCP tool name and
 * server, or the REST request with a curl example). Deterministic: same input, same bytes.
 */
export function generateSkillMd({ skill, tools, info = {}, files = [] }: GenerateSkillMdOptions): string {
  const front: Record<string, unknown> = { name: skill.name, description: oneLine(skill.description) };
  if (skill.license !== undefined) front.license = skill.license;
  if (skill.compatibility !== undefined) front.compatibility = skill.compatibility;
  if (skill.metadata !== undefined && Object.keys(skill.metadata).length > 0)
    front.metadata = { ...skill.metadata };
  if (skill['allowed-tools'] !== undefined) front['allowed-tools'] = skill['allowed-tools'];

  const lines: string[] = ['---', stringify(front, { lineWidth: 0 }).trimEnd(), '---', ''];
  const title = info.label ?? skill.name;
  lines.push(`# ${oneLine(title)}`, '', oneLine(skill.description), '');
  if (info.description !== undefined && !oneLine(skill.description).includes(oneLine(info.description))) {
    lines.push(oneLine(info.description), '');
  }

  const derived = tools.filter((tool): tool is DerivedSkillTool => tool.type === 'derived');
  if (tools.length === 0) {
    lines.push('This skill carries knowledge only: it has no tools to call.', '');
  } else {
    const howTo = describeServers(derived);
    if (howTo.length > 0) lines.push('## How to call the tools', '', ...howTo);
    lines.push('## Tools', '');
    for (const tool of tools) lines.push(...describeTool(tool));
  }
  if (files.length > 0) {
    lines.push('## Files', '', 'Read these files of the skill folder when the task needs them:', '');
    for (const file of files) lines.push(`- [${file}](${encodeURI(file)})`);
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** One paragraph per server the tools live on. */
function describeServers(tools: readonly DerivedSkillTool[]): string[] {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const { invocation } of tools) {
    const key = `${invocation.mode}:${invocation.namespace}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (invocation.mode === 'mcp') {
      const where =
        invocation.transport === 'stdio'
          ? 'over stdio (start it with `naftiko run <capability> --stdio`)'
          : `at ${invocation.url} (Streamable HTTP)`;
      lines.push(
        `- MCP server \`${invocation.namespace}\` ${where}: call the tools below by name with a JSON object of arguments. A failed upstream call comes back as a tool result with \`isError: true\` and the upstream status and message.${authSentence(invocation.authentication)}`,
      );
    } else {
      const base = invocation.url.slice(0, invocation.url.length - invocation.path.length);
      lines.push(
        `- REST API \`${invocation.namespace}\` at ${base}: send the requests shown below; JSON bodies go with \`content-type: application/json\`. Errors are \`application/problem+json\` documents with the status and a message.${authSentence(invocation.authentication)}`,
      );
    }
  }
  if (lines.length > 0) lines.push('');
  return lines;
}

function authSentence(auth: InvocationAuth | undefined): string {
  if (!auth) return '';
  switch (auth.type) {
    case 'bearer':
      return ' It requires `Authorization: Bearer <token>`.';
    case 'basic':
      return ' It requires HTTP Basic authentication.';
    case 'apikey':
      return ` It requires an API key in the \`${auth.key}\` ${auth.placement === 'query' ? 'query parameter' : 'header'}.`;
    default:
      return ` It requires ${auth.type} authentication.`;
  }
}

function describeTool(tool: SkillToolInfo): string[] {
  if (tool.type === 'instruction') {
    return [
      `### \`${tool.name}\``,
      '',
      oneLine(tool.description),
      '',
      `Instructions: read [${tool.instruction}](${encodeURI(tool.instruction)}) in this skill's folder and follow it.`,
      '',
    ];
  }
  const lines = [
    `### \`${tool.name}\`${tool.label ? ` (${oneLine(tool.label)})` : ''}`,
    '',
    oneLine(tool.description),
    '',
  ];
  const { invocation } = tool;
  lines.push(
    invocation.mode === 'mcp'
      ? `- Call: MCP tool \`${invocation.tool}\` on server \`${invocation.namespace}\`.`
      : `- Call: \`${invocation.method} ${invocation.path}\` on REST API \`${invocation.namespace}\`.`,
  );
  const effect = describeHints(tool);
  if (effect) lines.push(`- Effect: ${effect}`);
  for (const call of tool.upstream) {
    lines.push(`- Upstream: \`${call.method} ${call.path}\` of ${call.baseUri} (\`${call.target}\`).`);
  }
  if (tool.outputFields) lines.push(`- Returns: ${tool.outputFields.map((f) => `\`${f}\``).join(', ')}.`);
  lines.push(...describeParameters(invocation.parameters, invocation.mode === 'rest'));
  lines.push('', ...(invocation.mode === 'mcp' ? mcpExample(invocation) : curlExample(invocation)), '');
  return lines;
}

function describeHints({ hints }: DerivedSkillTool): string | undefined {
  if (!hints) return undefined;
  const parts: string[] = [];
  if (hints.readOnly === true) parts.push('read-only, changes nothing');
  else if (hints.destructive === true)
    parts.push('destructive, it deletes or overwrites data: confirm with the user first');
  else if (hints.readOnly === false) parts.push('changes data');
  if (hints.idempotent === true) parts.push('idempotent, safe to retry');
  else if (hints.idempotent === false && hints.readOnly !== true)
    parts.push('not idempotent, do not retry blindly');
  if (hints.openWorld === true) parts.push('reaches outside systems');
  return parts.length > 0 ? `${parts.join('; ')}.` : undefined;
}

function describeParameters(parameters: readonly SkillToolParameter[], rest: boolean): string[] {
  if (parameters.length === 0) return ['- Parameters: none.'];
  const lines = ['- Parameters:'];
  for (const parameter of parameters) {
    const facts = [
      parameter.type,
      parameter.required ? 'required' : 'optional',
      rest && parameter.in
        ? `in ${parameter.in}${parameter.bodyPath ? ` at ${parameter.bodyPath}` : ''}`
        : undefined,
    ].filter((fact): fact is string => fact !== undefined);
    const description = parameter.description ? `: ${oneLine(parameter.description)}` : '';
    lines.push(`  - \`${parameter.name}\` (${facts.join(', ')})${description}`);
  }
  return lines;
}

function mcpExample(invocation: McpInvocation): string[] {
  const args: Record<string, unknown> = {};
  const required = invocation.parameters.filter((parameter) => parameter.required);
  for (const parameter of required) args[parameter.name] = exampleValue(parameter);
  return ['Example arguments:', '', '```json', JSON.stringify(args), '```', ...opaqueNote(required)];
}

/**
 * Objects and arrays whose shape the capability leaves open (no example in the description):
 * the example holds an empty one, which the schema accepts and the upstream API may not.
 */
function opaqueNote(parameters: readonly SkillToolParameter[]): string[] {
  const opaque = parameters.filter(
    (parameter) =>
      (parameter.type === 'object' || parameter.type === 'array') &&
      jsonInDescription(parameter.description) === undefined,
  );
  if (opaque.length === 0) return [];
  const names = opaque.map((parameter) => `\`${parameter.name}\``).join(', ');
  return [
    '',
    `${names}: the capability does not describe ${opaque.length === 1 ? 'its' : 'their'} fields, so the example leaves ${opaque.length === 1 ? 'it' : 'them'} empty; fill ${opaque.length === 1 ? 'it' : 'them'} as the upstream API expects.`,
  ];
}

function curlExample(invocation: RestInvocation): string[] {
  let url = invocation.url;
  for (const parameter of invocation.parameters) {
    if (parameter.in === 'path') url = url.replace(`{${parameter.name}}`, `<${parameter.name}>`);
  }
  const parts = ['curl -sS'];
  if (invocation.method !== 'GET') parts.push(`-X ${invocation.method}`);
  parts.push(shellQuote(url));
  const auth = invocation.authentication;
  if (auth?.type === 'bearer') parts.push(shellQuote('authorization: Bearer <token>', '-H'));
  if (auth?.type === 'basic') parts.push("-u '<user>:<password>'");
  if (auth?.type === 'apikey' && auth.placement !== 'query')
    parts.push(shellQuote(`${auth.key}: <api-key>`, '-H'));
  const body = exampleBody(invocation);
  if (body !== undefined) {
    parts.push(shellQuote('content-type: application/json', '-H'));
    parts.push(shellQuote(JSON.stringify(body), '-d'));
  }
  if (auth?.type === 'apikey' && auth.placement === 'query') {
    parts[parts.indexOf(shellQuote(url))] = shellQuote(
      `${url}${url.includes('?') ? '&' : '?'}${auth.key}=<api-key>`,
    );
  }
  const bodies = invocation.parameters.filter((parameter) => parameter.in === 'body' && parameter.required);
  return ['Example request:', '', '```bash', parts.join(' '), '```', ...opaqueNote(bodies)];
}

function exampleBody(invocation: RestInvocation): unknown {
  const bodies = invocation.parameters.filter((p) => p.in === 'body');
  if (invocation.wholeBody !== undefined) {
    const whole = bodies.find((p) => p.name === invocation.wholeBody);
    return whole ? exampleValue(whole) : {};
  }
  if (bodies.length === 0) return undefined;
  const body: Record<string, unknown> = {};
  for (const parameter of bodies)
    setPath(body, parameter.bodyPath ?? `$.${parameter.name}`, exampleValue(parameter));
  return body;
}

/** `$.a.b` -> body.a.b; anything fancier falls back to the parameter name at the top level. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = /^\$(\.[A-Za-z0-9_-]+)+$/.test(path) ? path.slice(2).split('.') : [path.replace(/^\$\.?/, '')];
  const last = keys.pop() as string;
  let node = target;
  for (const key of keys) {
    const next = node[key];
    const child: Record<string, unknown> =
      typeof next === 'object' && next !== null ? (next as Record<string, unknown>) : {};
    node[key] = child;
    node = child;
  }
  node[last] = value;
}

function exampleValue(
  parameter: SkillToolParameter | { name: string; type?: JsonSchema['type']; description?: string },
): unknown {
  // An author who shows the value in the description (`for example {"agent": "agent_1"}`) gives
  // the example a valid call would send; nothing else in a parameter says what goes inside.
  if (parameter.type === 'object' || parameter.type === 'array') {
    const shown = jsonInDescription(parameter.description);
    if (shown !== undefined) return shown;
  }
  switch (parameter.type) {
    case 'object':
      return {};
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    default:
      return `<${parameter.name}>`;
  }
}

/** The first JSON object or array written in a description, parsed; undefined when none parses. */
function jsonInDescription(description: string | undefined): unknown {
  if (description === undefined) return undefined;
  for (let start = 0; start < description.length; start += 1) {
    const open = description[start];
    if (open !== '{' && open !== '[') continue;
    const close = open === '{' ? '}' : ']';
    let depth = 0;
    let inString = false;
    for (let end = start; end < description.length; end += 1) {
      const char = description[end];
      if (inString) {
        if (char === '\\') end += 1;
        else if (char === '"') inString = false;
        continue;
      }
      if (char === '"') inString = true;
      else if (char === open) depth += 1;
      else if (char === close && --depth === 0) {
        try {
          return JSON.parse(description.slice(start, end + 1));
        } catch {
          break;
        }
      }
    }
  }
  return undefined;
}

function shellQuote(text: string, flag?: string): string {
  const quoted = `'${text.replace(/'/g, `'\\''`)}'`;
  return flag ? `${flag} ${quoted}` : quoted;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
