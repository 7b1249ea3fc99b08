import { Type } from '@sinclair/typebox';
import { actionOutputParameters } from './aggregates.js';
import { PATTERNS } from './common.js';
import { COMMUNITY_KEYWORDS, extension, ikanosOnly, relaxed } from './dialect-markers.js';
import { cacheScope, maxBinarySize, tags, ttlMs } from './ikanos-fields.js';
import { ExposeResilience, RESILIENCE_KEY, resilienceProperty } from './resilience.js';
import { closedObject, stringEnum } from './schema-helpers.js';
import { ACTION_BRANCH_OUTPUTS } from './steps.js';

export const exposesMcpDefinitions = {
  ExposesMcp: closedObject(
    {
      type: Type.Literal('mcp'),
      transport: Type.Optional(stringEnum(['http', 'stdio'] as const, { default: 'http' })),
      address: Type.Optional(Type.Ref('Address')),
      port: Type.Optional(Type.Ref('Port')),
      namespace: Type.Ref('IdentifierKebab', { description: 'Unique name of this expose.' }),
      description: Type.Optional(Type.String({ description: 'Server instructions sent to MCP clients.' })),
      authentication: Type.Optional(Type.Ref('Authentication')),
      maxBinarySize: maxBinarySize(),
      ttlMs: ttlMs(),
      cacheScope: cacheScope(),
      // An MCP server declared without tools serves none (community dialect).
      tools: relaxed(Type.Array(Type.Ref('McpTool'), { minItems: 1 }), { minItems: null }),
      resources: Type.Optional(Type.Array(Type.Ref('McpResource'), { minItems: 1 })),
      prompts: Type.Optional(Type.Array(Type.Ref('McpPrompt'), { minItems: 1 })),
      [RESILIENCE_KEY]: resilienceProperty(ExposeResilience),
    },
    {
      // HTTP (the default) needs a port; stdio must not have one.
      oneOf: [
        { properties: { transport: { const: 'http' } }, required: ['port'] },
        {
          properties: { transport: { const: 'stdio' } },
          required: ['transport'],
          not: { required: ['port'] },
        },
      ],
      description: 'A Model Context Protocol server (Streamable HTTP or stdio).',
      [COMMUNITY_KEYWORDS]: { required: ['type', 'namespace'] },
    },
  ),
  McpTool: closedObject(
    {
      // The compatible dialect accepts every name MCP allows (`get_order`, `v1.search`), so a
      // capability can serve clients that expect such names (the conformance suite's `test_*`).
      name: Type.Optional(
        relaxed(Type.Ref('IdentifierKebab'), {
          $ref: null,
          type: 'string',
          pattern: PATTERNS.mcpToolName.pattern,
          description: 'A tool name as MCP allows it: letters, digits, `_`, `-` and `.`.',
        }),
      ),
      label: Type.Optional(Type.String()),
      description: Type.Optional(Type.String({ description: 'Tells the model when to use the tool.' })),
      tags: tags(),
      inputParameters: Type.Optional(Type.Array(Type.Ref('McpToolInputParameter'))),
      ref: Type.Optional(
        Type.Ref('Target', { description: 'An aggregate function, as `aggregate.function`.' }),
      ),
      call: Type.Optional(Type.Ref('Target')),
      with: Type.Optional(Type.Ref('With')),
      steps: Type.Optional(Type.Array(Type.Ref('OperationStep'), { minItems: 1 })),
      mappings: Type.Optional(Type.Array(Type.Ref('StepOutputMapping'))),
      hints: Type.Optional(Type.Ref('McpToolHints')),
      outputParameters: actionOutputParameters(),
      scopes: Type.Optional(
        extension(
          Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
          'with `authentication: {type: oauth2}` on the expose, the scopes a token must grant (all of them) to see this tool in `tools/list` and to call it; a call without them gets 403 `insufficient_scope` naming them.',
        ),
      ),
      content: Type.Optional(
        extension(
          Type.Array(
            closedObject(
              {
                type: stringEnum(['text', 'image', 'audio', 'resource'] as const),
                text: Type.Optional(
                  Type.String({
                    description: "text, or a resource's text: a template over `result` and the arguments.",
                  }),
                ),
                data: Type.Optional(
                  Type.String({
                    description: 'image or audio: base64, a template such as `{{result.png}}`.',
                  }),
                ),
                mimeType: Type.Optional(Type.String({ pattern: PATTERNS.mimeType.pattern })),
                uri: Type.Optional(Type.String({ description: 'resource: its URI, a template.' })),
              },
              { description: 'One MCP content block of a tool result.' },
            ),
            { minItems: 1 },
          ),
          'the tool result as MCP content blocks (text, image, audio, embedded resource) rendered from the action result, instead of its JSON as text.',
        ),
      ),
    },
    {
      anyOf: [
        {
          required: ['name', 'description', 'call'],
          properties: { outputParameters: ACTION_BRANCH_OUTPUTS.call },
        },
        {
          required: ['name', 'description', 'steps'],
          properties: { outputParameters: ACTION_BRANCH_OUTPUTS.steps },
        },
        { required: ['ref'] },
        {
          required: ['name', 'description', 'outputParameters'],
          properties: { outputParameters: ACTION_BRANCH_OUTPUTS.mock },
        },
      ],
      description: 'A tool: calls an operation, orchestrates steps, reuses an aggregate function, or mocks.',
      // A tool without `description` runs the same (the compatible dialect warns).
      [COMMUNITY_KEYWORDS]: {
        anyOf: [
          { required: ['name', 'call'], properties: { outputParameters: ACTION_BRANCH_OUTPUTS.call } },
          { required: ['name', 'steps'], properties: { outputParameters: ACTION_BRANCH_OUTPUTS.steps } },
          { required: ['ref'] },
          {
            required: ['name', 'outputParameters'],
            properties: { outputParameters: ACTION_BRANCH_OUTPUTS.mock },
          },
        ],
      },
    },
  ),
  McpToolHints: closedObject(
    {
      readOnly: Type.Optional(Type.Boolean()),
      destructive: Type.Optional(Type.Boolean()),
      idempotent: Type.Optional(Type.Boolean()),
      openWorld: Type.Optional(Type.Boolean()),
    },
    { description: 'Behaviour hints shown to MCP clients.' },
  ),
  McpResource: closedObject(
    {
      name: Type.Ref('IdentifierExtended'),
      label: Type.String(),
      uri: Type.String({ description: 'URI clients read the resource by.' }),
      description: Type.String(),
      mimeType: Type.Optional(Type.String({ pattern: PATTERNS.mimeType.pattern })),
      binary: Type.Optional(
        ikanosOnly('1.0.0-beta1', Type.Boolean({ description: 'Serve the result as a binary blob.' })),
      ),
      call: Type.Optional(Type.Ref('Target')),
      with: Type.Optional(Type.Ref('With')),
      steps: Type.Optional(Type.Array(Type.Ref('OperationStep'), { minItems: 1 })),
      mappings: Type.Optional(Type.Array(Type.Ref('StepOutputMapping'))),
      outputParameters: actionOutputParameters(),
      location: Type.Optional(Type.Ref('FileUri', { description: 'A file or folder served as is.' })),
    },
    {
      // Dynamic (call or steps) or static (location), never both.
      oneOf: [
        {
          required: ['call'],
          properties: { outputParameters: ACTION_BRANCH_OUTPUTS.call },
          not: { required: ['location'] },
        },
        {
          required: ['steps'],
          properties: { outputParameters: ACTION_BRANCH_OUTPUTS.steps },
          not: { required: ['location'] },
        },
        { required: ['location'], not: { anyOf: [{ required: ['call'] }, { required: ['steps'] }] } },
      ],
      description: 'Data an MCP client can read.',
    },
  ),
  McpPrompt: closedObject(
    {
      name: Type.Ref('IdentifierExtended'),
      label: Type.String(),
      description: Type.String(),
      arguments: Type.Optional(Type.Array(Type.Ref('McpPromptArgument'), { minItems: 1 })),
      template: Type.Optional(Type.Array(Type.Ref('McpPromptMessage'), { minItems: 1 })),
      location: Type.Optional(Type.Ref('FileUri', { description: 'A Markdown file holding the prompt.' })),
    },
    {
      oneOf: [
        { required: ['template'], not: { required: ['location'] } },
        { required: ['location'], not: { required: ['template'] } },
      ],
      description: 'A prompt template an MCP client can fetch.',
    },
  ),
  McpPromptArgument: closedObject(
    {
      name: Type.Ref('IdentifierExtended'),
      label: Type.Optional(Type.String()),
      description: Type.String(),
      required: Type.Optional(Type.Boolean({ default: true })),
      values: Type.Optional(
        extension(
          Type.Array(Type.String(), { minItems: 1 }),
          'suggested values, offered through `completion/complete` as completions of what the user typed.',
        ),
      ),
    },
    { description: 'A value the client supplies when it fetches the prompt.' },
  ),
  McpPromptMessage: closedObject(
    {
      role: stringEnum(['user', 'assistant'] as const),
      content: Type.String({ description: 'Message text; `{{argument}}` placeholders are filled in.' }),
      image: Type.Optional(
        extension(
          closedObject({
            data: Type.String({ description: 'Base64 image data.' }),
            mimeType: Type.String({ pattern: PATTERNS.mimeType.pattern }),
          }),
          'the message is this image instead of text.',
        ),
      ),
      resource: Type.Optional(
        extension(
          closedObject({
            uri: Type.String({
              description: 'The resource URI; `{{argument}}` placeholders are filled in.',
            }),
            mimeType: Type.Optional(Type.String({ pattern: PATTERNS.mimeType.pattern })),
            text: Type.String({ description: 'Its text; `{{argument}}` placeholders are filled in.' }),
          }),
          'the message is this embedded resource instead of text.',
        ),
      ),
    },
    {
      description: 'One message of a prompt template.',
      [COMMUNITY_KEYWORDS]: {
        required: ['role'],
        oneOf: [{ required: ['content'] }, { required: ['image'] }, { required: ['resource'] }],
      },
    },
  ),
};
