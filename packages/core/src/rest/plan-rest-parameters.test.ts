import { describe, expect, test } from 'vitest';
import { planRestParameters } from './plan-rest-parameters.js';

const place = 'rest "api" GET /x';
const derived = {
  type: 'object',
  properties: {
    taskId: { type: 'string', description: 'The task.' },
    limit: { type: 'integer' },
    body: { type: 'object' },
  },
  required: ['taskId'],
};

describe('planRestParameters', () => {
  test('a GET that declares nothing: placeholders from the path, the rest from the query, never a body', () => {
    const plan = planRestParameters({
      method: 'GET',
      path: '/tasks/{taskid}',
      parameters: [],
      inputSchema: derived,
      place,
    });
    expect(plan).toEqual({
      parameters: [
        { name: 'taskid', in: 'path', type: 'string', required: true, aliases: ['taskId'] },
        { name: 'limit', in: 'query', type: 'integer', required: false },
        { name: 'body', in: 'query', type: 'object', required: false },
      ],
      fixed: [],
    });
  });

  test('a placeholder names the argument it differs from only in separators', () => {
    const plan = planRestParameters({
      method: 'GET',
      path: '/accounts/{account-id}/variants',
      parameters: [],
      inputSchema: {
        type: 'object',
        properties: { account_id: { type: 'string' } },
        required: ['account_id'],
      },
      place,
    });
    expect(plan.parameters).toEqual([
      { name: 'account-id', in: 'path', type: 'string', required: true, aliases: ['account_id'] },
    ]);
  });

  test('a POST that declares nothing: one object argument is the whole body', () => {
    const plan = planRestParameters({
      method: 'POST',
      path: '/tasks',
      parameters: [],
      inputSchema: { type: 'object', properties: { body: { type: 'object' } }, required: ['body'] },
      place,
    });
    expect(plan).toEqual({
      parameters: [{ name: 'body', in: 'body', type: 'object', required: true }],
      fixed: [],
      wholeBody: 'body',
    });
  });

  test('declared parameters win; a body one on GET is read from the query; fixed values are not asked', () => {
    const plan = planRestParameters({
      method: 'GET',
      path: '/search',
      parameters: [
        { name: 'term', in: 'body', type: 'string', description: 'Text.' },
        { name: 'version', in: 'header', type: 'string', description: 'API version.', value: '2024-01' },
      ],
      inputSchema: derived,
      place,
    });
    expect(plan.parameters).toEqual([
      { name: 'term', in: 'query', type: 'string', required: false, description: 'Text.' },
    ]);
    expect(plan.fixed.map((parameter) => parameter.name)).toEqual(['version']);
  });

  test('a declared path parameter without placeholder is refused, naming it', () => {
    expect(() =>
      planRestParameters({
        method: 'GET',
        path: '/items',
        parameters: [{ name: 'id', in: 'path', type: 'string', description: 'The item.' }],
        inputSchema: {},
        place,
      }),
    ).toThrow('rest "api" GET /x parameter \'id\' (path): the resource path has no {id} placeholder');
  });
});
