import type { WithSpec } from '@naftiko/spec';
import { describe, expect, test } from 'vitest';
import { createTemplateContext } from '../template-context.js';
import { compileWith, parseArgumentReference } from './compile-with.js';

const bindings = { flat: { REGION: 'eu' }, byNamespace: { env: { REGION: 'eu' } } };

function resolve(withSpec: WithSpec, args: Record<string, unknown>, namespace = 'ship-tools') {
  const compiled = compileWith({ with: withSpec, argumentNamespaces: [namespace], place: 'test' });
  return compiled.resolve({
    base: args,
    args,
    context: () =>
      createTemplateContext({ bindings, parameters: args, arguments: args, argumentNamespaces: [namespace] }),
  });
}

describe('with resolution', () => {
  test('tools., rest. and the expose namespace are argument references that keep the type', () => {
    const body = { nested: [1, { x: true }] };
    expect(
      resolve({ a: 'tools.body', b: 'rest.body', c: 'ship-tools.body', d: 'tools.body.nested' }, { body }),
    ).toEqual({
      body,
      a: body,
      b: body,
      c: body,
      d: [1, { x: true }],
    });
  });

  test('a missing referenced argument omits the key', () => {
    expect(resolve({ agent_id: 'tools.agent_id', status: 'tools.status' }, { status: 'idle' })).toEqual({
      status: 'idle',
    });
  });

  test('other strings are templates; a lone {{x}} keeps its type; numbers pass through', () => {
    expect(
      resolve(
        {
          label: 'ship {{tools.imo}} in {{env.REGION}}',
          typed: '{{tools.ids}}',
          gone: '{{tools.none}}',
          literal: 'application/json',
          dotted: 'some.other.thing',
          n: 3,
        },
        { imo: 'I1', ids: [1, 2] },
      ),
    ).toEqual({
      imo: 'I1',
      ids: [1, 2],
      label: 'ship I1 in eu',
      typed: [1, 2],
      literal: 'application/json',
      dotted: 'some.other.thing',
      n: 3,
    });
  });

  test('arguments pass through first, then with overrides', () => {
    expect(resolve({ status: 'archived' }, { status: 'idle', other: 1 })).toEqual({
      status: 'archived',
      other: 1,
    });
  });

  test('a with key whose value is missing drops the argument of the same name too', () => {
    expect(resolve({ status: 'tools.state' }, { status: 'idle', other: 1 })).toEqual({ other: 1 });
  });

  test('an argument named __proto__ stays an own key of the result, not its prototype', () => {
    const args = JSON.parse('{"__proto__": {"polluted": true}, "id": "x"}') as Record<string, unknown>;
    const resolved = resolve({ copy: 'tools.id' }, args);
    expect(Object.getPrototypeOf(resolved)).toBe(Object.prototype);
    expect(Object.hasOwn(resolved, '__proto__')).toBe(true);
    expect((resolved as { polluted?: unknown }).polluted).toBeUndefined();
    expect(resolved.copy).toBe('x');
  });

  test('only the listed prefixes make references', () => {
    expect(parseArgumentReference('tools.a', ['tools'])).toEqual(['a']);
    expect(parseArgumentReference('tools.', ['tools'])).toBeUndefined();
    expect(parseArgumentReference('toolsx.a', ['tools'])).toBeUndefined();
    expect(parseArgumentReference('tools.a b', ['tools'])).toBeUndefined();
  });
});
