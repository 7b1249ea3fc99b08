import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '@naftiko/core';
import { describe, expect, test } from 'vitest';
import { buildSkillCatalog, readSkillContents } from './build-skill-catalog.js';
import { deriveSkills } from './derive-skills.js';
import { describeSkillTools } from './describe-skill-tools.js';
import { generateSkillMd } from './generate-skill-md.js';
import { fixturesDir, loadFixture, offlineActions, seedPath } from './testing/load-fixture.js';

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

      ## How to call the tools

      - MCP server \`managed-agents-sessions-mcp\` at http://127.0.0.1:9090/mcp (Streamable HTTP): call the tools below by name with a JSON object of arguments. A failed upstream call comes back as a tool result with \`isError: true\` and the upstream status and message.

      ## Tools

      ### \`anthropic-create-session\`

      Anthropic Create Session

      - Call: MCP tool \`anthropic-create-session\` on server \`managed-agents-sessions-mcp\`.
      - Effect: changes data; not idempotent, do not retry blindly.
      - Upstream: \`POST /v1/sessions\` of https://api.anthropic.com (\`managed-agents-sessions.createsession\`).
      - Parameters:
        - \`body\` (object, required): JSON request body of Anthropic Create Session.

      Example arguments:

      \`\`\`json
      {"body":{}}
      \`\`\`

      \`body\`: the capability does not describe its fields, so the example leaves it empty; fill it as the upstream API expects.

      ### \`anthropic-list-sessions\`

      Anthropic List Sessions

      - Call: MCP tool \`anthropic-list-sessions\` on server \`managed-agents-sessions-mcp\`.
      - Effect: read-only, changes nothing; idempotent, safe to retry.
      - Upstream: \`GET /v1/sessions\` of https://api.anthropic.com (\`managed-agents-sessions.listsessions\`).
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
      - Upstream: \`GET /v1/sessions/{session_id}\` of https://api.anthropic.com (\`managed-agents-sessions.getsession\`).
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
      - Upstream: \`POST /v1/sessions/{session_id}/events\` of https://api.anthropic.com (\`managed-agents-sessions.sendsessionevents\`).
      - Parameters:
        - \`session_id\` (string, required): The "session_id" path parameter of Anthropic Send Session Events.
        - \`body\` (object, required): JSON request body of Anthropic Send Session Events.

      Example arguments:

      \`\`\`json
      {"session_id":"<session_id>","body":{}}
      \`\`\`

      \`body\`: the capability does not describe its fields, so the example leaves it empty; fill it as the upstream API expects.

      ### \`anthropic-delete-session\`

      Anthropic Delete Session

      - Call: MCP tool \`anthropic-delete-session\` on server \`managed-agents-sessions-mcp\`.
      - Effect: destructive, it deletes or overwrites data: confirm with the user first; idempotent, safe to retry.
      - Upstream: \`DELETE /v1/sessions/{session_id}\` of https://api.anthropic.com (\`managed-agents-sessions.deletesession\`).
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

describe('generated SKILL.md for a skill expose', () => {
  const capability = loadFixture(join(fixturesDir, 'orders-skills.yaml'));
  const catalog = buildSkillCatalog({
    capability,
    skills: capability.exposes.flatMap((e) => (e.type === 'skill' ? e.skills : [])),
    createAction: offlineActions(capability),
    logger: silentLogger,
    place: 'test',
  });

  test('REST and MCP tools, declared front matter and the folder files', async () => {
    const contents = await readSkillContents({ skill: catalog.get('order-ops')!, capability });
    expect(contents.files.map((f) => f.path)).toEqual(['SKILL.md', 'checklist.md']);
    expect(contents.generated).toMatchInlineSnapshot(`
      "---
      name: order-ops
      description: Look up and change orders. Use when a user asks about the state of an order or wants to change one.
      license: Apache-2.0
      compatibility: Needs network access to the orders service
      metadata:
        team: commerce
        tier: gold
      ---

      # Orders

      Look up and change orders. Use when a user asks about the state of an order or wants to change one.

      Order management over REST and MCP, packaged as Agent Skills.

      ## How to call the tools

      - MCP server \`orders-mcp\` at http://127.0.0.1:9096/mcp (Streamable HTTP): call the tools below by name with a JSON object of arguments. A failed upstream call comes back as a tool result with \`isError: true\` and the upstream status and message.
      - REST API \`orders-rest\` at http://127.0.0.1:9098: send the requests shown below; JSON bodies go with \`content-type: application/json\`. Errors are \`application/problem+json\` documents with the status and a message.

      ## Tools

      ### \`get-order\` (Get Order)

      Get one order by id

      - Call: MCP tool \`get-order\` on server \`orders-mcp\`.
      - Effect: read-only, changes nothing; idempotent, safe to retry.
      - Upstream: \`GET /orders/{id}\` of http://localhost:9099/v1 (\`mock-orders.get\`).
      - Parameters:
        - \`id\` (string, required): The order id

      Example arguments:

      \`\`\`json
      {"id":"<id>"}
      \`\`\`

      ### \`update-order\`

      Change an order

      - Call: \`POST /orders/{id}\` on REST API \`orders-rest\`.
      - Upstream: \`POST /orders/{id}\` of http://localhost:9099/v1 (\`mock-orders.update\`).
      - Parameters:
        - \`id\` (string, required, in path): The order id
        - \`body\` (object, required, in body): The fields to change

      Example request:

      \`\`\`bash
      curl -sS -X POST 'http://127.0.0.1:9098/orders/<id>' -H 'content-type: application/json' -d '{}'
      \`\`\`

      \`body\`: the capability does not describe its fields, so the example leaves it empty; fill it as the upstream API expects.

      ## Files

      Read these files of the skill folder when the task needs them:

      - [checklist.md](checklist.md)
      "
    `);
  });

  test('allowed-tools and instruction tools', () => {
    const skill = catalog.get('order-management')!;
    const text = generateSkillMd({ skill: skill.spec, tools: skill.tools });
    expect(text.slice(0, text.indexOf('\n# '))).toMatchInlineSnapshot(`
      "---
      name: order-management
      description: Tools for managing orders
      license: Apache-2.0
      metadata:
        team: commerce
      allowed-tools: list-orders
      ---
      "
    `);
    expect(text).toContain(
      "Instructions: read [order-guide.md](order-guide.md) in this skill's folder and follow it.",
    );
  });

  test('a skill without tools', async () => {
    const contents = await readSkillContents({ skill: catalog.get('onboarding-guide')!, capability });
    expect(contents.generated).toMatchInlineSnapshot(`
      "---
      name: onboarding-guide
      description: A purely descriptive skill with no tools
      ---

      # Orders

      A purely descriptive skill with no tools

      Order management over REST and MCP, packaged as Agent Skills.

      This skill carries knowledge only: it has no tools to call.
      "
    `);
  });

  test('authentication of the sibling expose shows in the instructions, never its secret', () => {
    const secured = loadFixture(
      readFileSync(join(fixturesDir, 'orders-skills.yaml'), 'utf8')
        .replace('info:\n', 'binds:\n  - namespace: env\n    keys:\n      ORDERS_KEY: ORDERS_KEY\ninfo:\n')
        .replace(
          '      namespace: orders-rest\n',
          "      namespace: orders-rest\n      authentication:\n        type: apikey\n        key: X-Orders-Key\n        value: '{{ORDERS_KEY}}'\n        placement: header\n",
        ),
      fixturesDir,
    );
    const built = buildSkillCatalog({
      capability: secured,
      skills: secured.exposes.flatMap((e) => (e.type === 'skill' ? e.skills : [])),
      createAction: offlineActions(secured),
      logger: silentLogger,
      place: 'test',
    });
    const skill = built.get('order-ops')!;
    const text = generateSkillMd({ skill: skill.spec, tools: skill.tools });
    expect(text).toContain('It requires an API key in the `X-Orders-Key` header.');
    expect(text).toContain("-H 'X-Orders-Key: <api-key>'");
    expect(text).not.toContain('ORDERS_KEY');
  });
});
