import { describe, expect, test } from 'vitest';
import { checkSchema } from './check-schema.js';
import type { Dialect } from './create-capability-schema.js';
import { SCHEMA_ISSUE_CODES } from './schema-issue.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests break documents on purpose, beyond any type.
type Doc = Record<string, any>;

/** A small valid capability; each test breaks one thing. */
function capability(): Doc {
  return {
    naftiko: '1.0.0-alpha2',
    info: { label: 'Shop', description: 'Orders of the shop.' },
    binds: [{ namespace: 'env', keys: { SHOP_TOKEN: 'SHOP_TOKEN' } }],
    capability: {
      consumes: [
        {
          namespace: 'shop',
          type: 'http',
          baseUri: 'https://shop.example.com',
          resources: [
            {
              name: 'orders',
              path: '/orders',
              operations: [{ name: 'list-orders', method: 'GET' }],
            },
          ],
        },
      ],
      exposes: [
        {
          type: 'mcp',
          port: 9090,
          namespace: 'shop-mcp',
          tools: [{ name: 'list-orders', description: 'Lists orders.', call: 'shop.list-orders' }],
        },
      ],
    },
  };
}

function issuesAfter(edit: (doc: Doc) => void, dialect: Dialect = 'compatible') {
  const doc = capability();
  edit(doc);
  return checkSchema(doc, dialect).map(({ code, pointer, message }) => ({ code, pointer, message }));
}

const TOOL = '/capability/exposes/0/tools/0';

describe('checkSchema', () => {
  test('accepts the valid capability in both dialects, compatible by default', () => {
    expect(checkSchema(capability())).toEqual([]);
    expect(checkSchema(capability(), 'official')).toEqual([]);
    expect(checkSchema(capability(), 'compatible')).toEqual([]);
  });

  test('a document that is not a mapping', () => {
    expect(checkSchema('naftiko: 1.0.0-alpha2', 'compatible')).toEqual([
      {
        code: 'schema-type',
        severity: 'error',
        pointer: '',
        message: 'The document must be a mapping of keys to values, not a string (`naftiko: 1.0.0-alpha2`).',
      },
    ]);
    expect(checkSchema(null)).toEqual([expect.objectContaining({ code: 'schema-type', pointer: '' })]);
    expect(checkSchema([])).toEqual([expect.objectContaining({ code: 'schema-type', pointer: '' })]);
  });

  test('misspelled key: suggests the closest allowed key and lists them all', () => {
    expect(issuesAfter((d) => (d.capability.exposes[0].tools[0].descripton = 'x'))).toEqual([
      {
        code: 'schema-unknown-property',
        pointer: `${TOOL}/descripton`,
        message:
          '`tools[0]` has an unknown key `descripton`. Did you mean `description`? Allowed keys: `name`, `label`, `description`, `inputParameters`, `ref`, `call`, `with`, `steps`, `mappings`, `hints`, `outputParameters`, `scopes`, `content`.',
      },
    ]);
  });

  test('unknown key without a close match', () => {
    expect(issuesAfter((d) => (d.capability.consumes[0].timeout = 30))).toEqual([
      {
        code: 'schema-unknown-property',
        pointer: '/capability/consumes/0/timeout',
        message:
          '`consumes[0]` has an unknown key `timeout`. Allowed keys: `namespace`, `type`, `description`, `baseUri`, `headers`, `inputParameters`, `authentication`, `auth`, `resources`, `x-naftiko-resilience`.',
      },
    ]);
  });

  test('a naftiko extension validates in the compatible dialect and is named in the official one', () => {
    expect(issuesAfter((d) => (d.capability.exposes[0].tools[0].scopes = ['tools:read']))).toEqual([]);
    expect(issuesAfter((d) => (d.capability.exposes[0].tools[0].scopes = []))).toEqual([
      expect.objectContaining({ code: 'schema-min-items', pointer: `${TOOL}/scopes` }),
    ]);
    expect(
      issuesAfter((d) => (d.capability.exposes[0].tools[0].scopes = ['tools:read']), 'official'),
    ).toEqual([
      expect.objectContaining({
        code: 'schema-unknown-property',
        pointer: `${TOOL}/scopes`,
        message: expect.stringContaining(
          '`scopes` is a naftiko extension: the compatible dialect accepts it (the default), the official alpha2 schema does not.',
        ),
      }),
    ]);
  });

  test('community construct in the official dialect names the compatible dialect', () => {
    expect(issuesAfter((d) => (d.capability.consumes[0].headers = { 'x-v': '1' }), 'official')).toEqual([
      {
        code: 'schema-unknown-property',
        pointer: '/capability/consumes/0/headers',
        message:
          '`consumes[0]` has an unknown key `headers`. `headers` is a community construct: the compatible dialect accepts it, the official alpha2 schema does not. Allowed keys: `namespace`, `type`, `description`, `baseUri`, `inputParameters`, `authentication`, `resources`.',
      },
    ]);
    expect(
      issuesAfter(
        (d) => (d.capability.consumes[0].resources[0].operations[0].outputRawFormat = 'text'),
        'official',
      ),
    ).toEqual([
      {
        code: 'schema-enum',
        pointer: '/capability/consumes/0/resources/0/operations/0/outputRawFormat',
        message:
          '`outputRawFormat` must be one of `json`, `xml`, `avro`, `protobuf`, `csv`, `tsv`, `psv`, `yaml`, `html` or `markdown`, not `text`. `outputRawFormat: text` is a community construct: the compatible dialect accepts it, the official alpha2 schema does not.',
      },
    ]);
  });

  test('missing required key, with what the key is for', () => {
    expect(issuesAfter((d) => delete d.capability.exposes[0].namespace)).toEqual([
      {
        code: 'schema-missing-property',
        pointer: '/capability/exposes/0',
        message: '`exposes[0]` is missing the required key `namespace` (unique name of this expose).',
      },
    ]);
  });

  test('quoted port', () => {
    expect(issuesAfter((d) => (d.capability.exposes[0].port = '9090'))).toEqual([
      {
        code: 'schema-type',
        pointer: '/capability/exposes/0/port',
        message: '`port` must be an integer, not a string (`9090`). Remove the quotes around the number.',
      },
    ]);
  });

  test('port out of range', () => {
    expect(issuesAfter((d) => (d.capability.exposes[0].port = 70000))).toEqual([
      {
        code: 'schema-maximum',
        pointer: '/capability/exposes/0/port',
        message: '`port` must be at most 65535, not 70000 (allowed: 1 to 65535).',
      },
    ]);
  });

  test('an unknown method lists each value once, not its accepted letter cases', () => {
    expect(
      issuesAfter((d) => (d.capability.consumes[0].resources[0].operations[0].method = 'FETCH')),
    ).toEqual([
      {
        code: 'schema-enum',
        pointer: '/capability/consumes/0/resources/0/operations/0/method',
        message: '`method` must be one of `GET`, `POST`, `PUT`, `PATCH`, `DELETE` or `HEAD`, not `FETCH`.',
      },
    ]);
  });

  test('lower-case HTTP method (a case variant the compatible dialect folds at load)', () => {
    const edit = (d: Doc) => (d.capability.consumes[0].resources[0].operations[0].method = 'get');
    expect(issuesAfter(edit)).toEqual([]);
    expect(issuesAfter(edit, 'official')).toEqual([
      {
        code: 'schema-enum',
        pointer: '/capability/consumes/0/resources/0/operations/0/method',
        message:
          '`method` must be one of `GET`, `POST`, `PUT`, `PATCH` or `DELETE`, not `get`. Did you mean `GET`? `method: get` is a community construct: the compatible dialect accepts it, the official alpha2 schema does not.',
      },
    ]);
  });

  test('unknown expose type: only the discriminator is reported, not every branch', () => {
    expect(issuesAfter((d) => (d.capability.exposes[0].type = 'mpc'))).toEqual([
      {
        code: 'schema-enum',
        pointer: '/capability/exposes/0/type',
        message: '`type` must be one of `rest`, `mcp`, `skill` or `control`, not `mpc`. Did you mean `mcp`?',
      },
    ]);
  });

  test('errors inside the chosen union branch only', () => {
    // A skill-only key on an mcp expose: one unknown-key issue, nothing from the other expose kinds.
    expect(issuesAfter((d) => (d.capability.exposes[0].skills = []))).toEqual([
      {
        code: 'schema-unknown-property',
        pointer: '/capability/exposes/0/skills',
        message:
          '`exposes[0]` has an unknown key `skills`. Allowed keys: `type`, `transport`, `address`, `port`, `namespace`, `description`, `authentication`, `tools`, `resources`, `prompts`, `x-naftiko-resilience`.',
      },
    ]);
  });

  test('several missing keys of one object make one issue', () => {
    expect(
      issuesAfter(
        (d) => (d.capability.exposes[0].resources = [{ name: 'latest', call: 'shop.list-orders' }]),
      ),
    ).toEqual([
      {
        code: 'schema-missing-property',
        pointer: '/capability/exposes/0/resources/0',
        message: '`resources[0]` is missing the required keys `label`, `uri` and `description`.',
      },
    ]);
  });

  test('wrong version', () => {
    expect(issuesAfter((d) => (d.naftiko = '1.0.0-alpha1'))).toEqual([
      {
        code: 'schema-const',
        pointer: '/naftiko',
        message: '`naftiko` must be `1.0.0-alpha2`, not `1.0.0-alpha1`.',
      },
    ]);
  });

  test('identifier pattern explained in words', () => {
    expect(issuesAfter((d) => (d.capability.exposes[0].tools[0].name = 'list orders'))).toEqual([
      {
        code: 'schema-pattern',
        pointer: `${TOOL}/name`,
        message:
          "`name` `list orders` is not valid: expected MCP's tool-name rule: 1 to 128 letters, digits, `_`, `-` or `.` (for example `get_order`).",
      },
    ]);
    expect(issuesAfter((d) => (d.capability.exposes[0].namespace = 'my shop'))).toEqual([
      {
        code: 'schema-pattern',
        pointer: '/capability/exposes/0/namespace',
        message:
          '`namespace` `my shop` is not valid: expected only letters, digits and hyphens (for example `list-orders`).',
      },
    ]);
    expect(issuesAfter((d) => (d.capability.exposes[0].tools[0].call = 'shop'))).toEqual([
      {
        code: 'schema-pattern',
        pointer: `${TOOL}/call`,
        message:
          '`call` `shop` is not valid: expected `namespace.name`: two identifiers of letters, digits and hyphens joined by one dot.',
      },
    ]);
  });

  test('address: the alternatives are explained together', () => {
    expect(issuesAfter((d) => (d.capability.exposes[0].address = 'my host'))).toEqual([
      {
        code: 'schema-pattern',
        pointer: '/capability/exposes/0/address',
        message:
          '`address` `my host` is not valid: expected a host name such as `localhost`, an IPv4 address such as `127.0.0.1` or an IPv6 address such as `::1`.',
      },
    ]);
  });

  test('stdio transport with a port', () => {
    expect(issuesAfter((d) => (d.capability.exposes[0].transport = 'stdio'))).toEqual([
      {
        code: 'schema-forbidden-property',
        pointer: '/capability/exposes/0/port',
        message: 'Remove `port`: it is not allowed when `transport` is `stdio`.',
      },
    ]);
  });

  test('http transport without a port', () => {
    expect(
      issuesAfter((d) => {
        d.capability.exposes[0].transport = 'http';
        delete d.capability.exposes[0].port;
      }),
    ).toEqual([
      {
        code: 'schema-missing-property',
        pointer: '/capability/exposes/0',
        message:
          '`exposes[0]` is missing the required key `port` (TCP port to listen on). It is required when `transport` is `http`.',
      },
    ]);
    expect(issuesAfter((d) => delete d.capability.exposes[0].port)).toEqual([
      {
        code: 'schema-missing-property',
        pointer: '/capability/exposes/0',
        message: '`exposes[0]` needs one of `port` or `transport: stdio`.',
      },
    ]);
  });

  test('tool that neither calls, orchestrates nor mocks', () => {
    expect(issuesAfter((d) => delete d.capability.exposes[0].tools[0].call)).toEqual([
      {
        code: 'schema-missing-property',
        pointer: TOOL,
        message: '`tools[0]` needs one of `call`, `steps` or `outputParameters`.',
      },
    ]);
  });

  test('tool with call but no description: reported against the call form', () => {
    // The compatible dialect accepts it (with a community warning from the normaliser).
    expect(issuesAfter((d) => delete d.capability.exposes[0].tools[0].description)).toEqual([]);
    expect(issuesAfter((d) => delete d.capability.exposes[0].tools[0].description, 'official')).toEqual([
      {
        code: 'schema-missing-property',
        pointer: TOOL,
        message:
          '`tools[0]` is missing the required key `description` (tells the model when to use the tool).',
      },
    ]);
  });

  test('tool without call or description: one error listing the forms', () => {
    const edit = (d: Doc) => {
      delete d.capability.exposes[0].tools[0].description;
      delete d.capability.exposes[0].tools[0].call;
      delete d.capability.exposes[0].tools[0].with;
    };
    expect(issuesAfter(edit, 'official')).toEqual([
      {
        code: 'schema-missing-property',
        pointer: TOOL,
        message:
          '`tools[0]` needs one of `description` and `call`, `description` and `steps`, `ref` or `description` and `outputParameters`.',
      },
    ]);
    expect(issuesAfter(edit)).toEqual([
      {
        code: 'schema-missing-property',
        pointer: TOOL,
        message: '`tools[0]` needs one of `call`, `steps` or `outputParameters`.',
      },
    ]);
  });

  test('a REST operation with `call` is explained against the call form, not the steps form', () => {
    const edit = (d: Doc) => {
      const rest = {
        type: 'rest',
        port: 9300,
        namespace: 'shop-rest',
        resources: [
          {
            path: '/orders',
            operations: [
              {
                method: 'GET',
                name: 'list-orders',
                call: d.capability.exposes[0].tools[0].call,
                outputParameters: [{ type: 'array', mapping: '$.' }],
              },
            ],
          },
        ],
      };
      d.capability.exposes.push(rest);
    };
    const pointer = `/capability/exposes/1/resources/0/operations/0/outputParameters/0`;
    expect(issuesAfter(edit, 'official')).toEqual([
      {
        code: 'schema-missing-property',
        pointer,
        message: '`outputParameters[0]` is missing the required key `items` (shape of each element).',
      },
    ]);
    expect(issuesAfter(edit)).toEqual([]);
  });

  test('capability and consumes in one document', () => {
    expect(issuesAfter((d) => (d.consumes = d.capability.consumes))).toEqual([
      {
        code: 'schema-conflicting-properties',
        pointer: '',
        message: 'The document uses `capability` and `consumes` together; keep only one of them.',
      },
    ]);
  });

  test('empty list (the compatible dialect accepts an MCP server without tools, with a warning)', () => {
    expect(issuesAfter((d) => (d.capability.exposes[0].tools = []))).toEqual([]);
    expect(issuesAfter((d) => (d.capability.exposes[0].tools = []), 'official')).toEqual([
      {
        code: 'schema-min-items',
        pointer: '/capability/exposes/0/tools',
        message: '`tools` must not be an empty list: add an entry or remove the key.',
      },
    ]);
  });

  test('binding variable name', () => {
    expect(issuesAfter((d) => (d.binds[0].keys.shop_token = 'x'))).toEqual([
      {
        code: 'schema-property-name',
        pointer: '/binds/0/keys/shop_token',
        message:
          'Key `shop_token` in `keys` is not valid: expected UPPER_SNAKE_CASE starting with a capital letter (for example `API_TOKEN`).',
      },
    ]);
  });

  test('with value of the wrong type', () => {
    expect(issuesAfter((d) => (d.capability.exposes[0].tools[0].with = { limit: true }))).toEqual([
      {
        code: 'schema-type',
        pointer: `${TOOL}/with/limit`,
        message: '`limit` must be a string or a number, not a boolean (`true`). Put the value in quotes.',
      },
    ]);
  });

  test('mapped output with both mapping and value, and with neither', () => {
    expect(
      issuesAfter(
        (d) =>
          (d.capability.exposes[0].tools[0].outputParameters = [
            { type: 'string', mapping: '$.id', value: 'x' },
            { type: 'number' },
          ]),
      ),
    ).toEqual([
      {
        code: 'schema-conflicting-properties',
        pointer: `${TOOL}/outputParameters/0`,
        message: '`outputParameters[0]` uses `mapping` and `value` together; keep only one of them.',
      },
      {
        code: 'schema-missing-property',
        pointer: `${TOOL}/outputParameters/1`,
        message: '`outputParameters[1]` needs one of `mapping` or `value`.',
      },
    ]);
  });

  test('URI format', () => {
    expect(
      issuesAfter(
        (d) =>
          (d.capability.exposes[0].authentication = {
            type: 'oauth2',
            authorizationServerUri: 'auth.example.com',
            resource: 'https://shop.example.com/mcp',
          }),
      ),
    ).toEqual([
      {
        code: 'schema-format',
        pointer: '/capability/exposes/0/authentication/authorizationServerUri',
        message:
          '`authorizationServerUri` `auth.example.com` is not an absolute URI: it needs a scheme, such as `https://auth.example.com`.',
      },
    ]);
  });

  test('every problem of the document in one run', () => {
    const issues = issuesAfter((d) => {
      d.info.created = 'yesterday';
      d.capability.exposes[0].port = 0;
      d.capability.consumes[0].baseUri = 'shop.example.com';
    });
    expect(issues.map((issue) => [issue.code, issue.pointer])).toEqual([
      ['schema-pattern', '/info/created'],
      ['schema-pattern', '/capability/consumes/0/baseUri'],
      ['schema-minimum', '/capability/exposes/0/port'],
    ]);
  });

  test('every code it emits is documented', () => {
    for (const [code, doc] of Object.entries(SCHEMA_ISSUE_CODES)) {
      expect(code).toMatch(/^schema-[a-z-]+$/);
      expect(doc.length).toBeGreaterThan(20);
    }
  });
});
