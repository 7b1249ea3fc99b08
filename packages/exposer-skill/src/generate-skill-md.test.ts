import { describe, expect, test } from 'vitest';
import { deriveSkills } from './derive-skills.js';
import { describeSkillTools } from './describe-skill-tools.js';
import { generateSkillMd } from './generate-skill-md.js';
import { loadFixture, offlineActions, seedPath } from './testing/load-fixture.js';

describe('generateSkillMd', () => {
  test('the seed capability exports a skill for its five MCP tools', () => {
    const capability = loadFixture(seedPath);
    const [skill, ...others] = deriveSkills({ capability });
    expect(others).toEqual([]);
    const tools = describeSkillTools({
      capability,
      skill: skill!,
      createAction: offlineActions(capability),
      place: 'test',
    });
    const info = capability.document.info!;
    expect(
      generateSkillMd({ skill: skill!, tools, info: { label: info.label, description: info.description } }),
    ).toMatchInlineSnapshot(`
      "---
      name: managed-agents-sessions-mcp
      description: 'Claude Managed Agents — Sessions resource. 7 operations. Lead operation: Create Session. Run a stateful agent instance within an environment, drive execution by posting user events, and stream agent activity via SSE. Requires the managed-agents-2026-04-01 beta header. Use this skill to work with it through the MCP server "managed-agents-sessions-mcp": anthropic-create-session, anthropic-list-sessions, anthropic-get-session, anthropic-send-session-events, anthropic-delete-session.'
      ---

      # Anthropic Managed Agents API — Sessions

      Claude Managed Agents — Sessions resource. 7 operations. Lead operation: Create Session. Run a stateful agent instance within an environment, drive execution by posting user events, and stream agent activity via SSE. Requires the managed-agents-2026-04-01 beta header. Use this skill to work with it through the MCP server "managed-agents-sessions-mcp": anthropic-create-session, anthropic-list-sessions, anthropic-get-session, anthropic-send-session-events, anthropic-delete-session.

      Claude Managed Agents — Sessions resource. 7 operations. Lead operation: Create Session. Run a stateful agent instance within an environment, drive execution by posting user events, and stream agent activity via SSE. Requires the managed-agents-2026-04-01 beta header.

      ## How to call the tools

      - MCP server \`managed-agents-sessions-mcp\` at http://127.0.0.1:9090/mcp (Streamable HTTP): call the tools below by name with a JSON object of arguments. A failed upstream call comes back as a tool result with \`isError: true\` and the upstream status and message.

      ## Tools

      ### \`anthropic-create-session\`

      Anthropic Create Session

      - Call: MCP tool \`anthropic-create-session\` on server \`managed-agents-sessions-mcp\`.
      - Effect: changes data; not idempotent, do not retry blindly.
      - Parameters:
        - \`body\` (object, required): JSON request body of Anthropic Create Session.

      Example arguments:

      \`\`\`json
      {"body":{}}
      \`\`\`

      ### \`anthropic-list-sessions\`

      Anthropic List Sessions

      - Call: MCP tool \`anthropic-list-sessions\` on server \`managed-agents-sessions-mcp\`.
      - Effect: read-only, changes nothing; idempotent, safe to retry.
      - Parameters:
        - \`agent_id\` (string, optional): The "agent_id" query parameter of Anthropic List Sessions.
        - \`status\` (string, optional): The "status" query parameter of Anthropic List Sessions.

      Example arguments:

      \`\`\`json
      {}
      \`\`\`

      ### \`anthropic-get-session\`

      Anthropic Get Session

      - Call: MCP tool \`anthropic-get-session\` on server \`managed-agents-sessions-mcp\`.
      - Effect: read-only, changes nothing; idempotent, safe to retry.
      - Parameters:
        - \`session_id\` (string, required): The "session_id" path parameter of Anthropic Get Session.

      Example arguments:

      \`\`\`json
      {"session_id":"<session_id>"}
      \`\`\`

      ### \`anthropic-send-session-events\`

      Anthropic Send Session Events

      - Call: MCP tool \`anthropic-send-session-events\` on server \`managed-agents-sessions-mcp\`.
      - Effect: changes data; not idempotent, do not retry blindly.
      - Parameters:
        - \`session_id\` (string, required): The "session_id" path parameter of Anthropic Send Session Events.
        - \`body\` (object, required): JSON request body of Anthropic Send Session Events.

      Example arguments:

      \`\`\`json
      {"session_id":"<session_id>","body":{}}
      \`\`\`

      ### \`anthropic-delete-session\`

      Anthropic Delete Session

      - Call: MCP tool \`anthropic-delete-session\` on server \`managed-agents-sessions-mcp\`.
      - Effect: destructive, it deletes or overwrites data: confirm with the user first; idempotent, safe to retry.
      - Parameters:
        - \`session_id\` (string, required): The "session_id" path parameter of Anthropic Delete Session.

      Example arguments:

      \`\`\`json
      {"session_id":"<session_id>"}
      \`\`\`
      "
    `);
  });
});
