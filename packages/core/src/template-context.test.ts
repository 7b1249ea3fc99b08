import { describe, expect, test } from 'vitest';
import { compileTemplate, lookupPath } from './template.js';
import { createTemplateContext } from './template-context.js';

const bindings = {
  flat: { API_KEY: 'flat-key', REGION: 'eu' },
  byNamespace: { env: { API_KEY: 'ns-key', REGION: 'eu' } },
};

describe('createTemplateContext', () => {
  test('later entries win: bindings, steps, parameters, then the argument namespaces', () => {
    const args = { id: 'a1', REGION: 'us' };
    const context = createTemplateContext({
      bindings,
      steps: { first: { n: 1 }, id: 'from-step' },
      parameters: { id: 'p1', REGION: 'us' },
      arguments: args,
      argumentNamespaces: ['ship-tools', ''],
    });
    expect(lookupPath(context, ['API_KEY'])).toBe('flat-key');
    expect(lookupPath(context, ['env', 'API_KEY'])).toBe('ns-key');
    expect(lookupPath(context, ['REGION'])).toBe('us');
    expect(lookupPath(context, ['id'])).toBe('p1');
    expect(lookupPath(context, ['first', 'n'])).toBe(1);
    expect(lookupPath(context, ['tools', 'id'])).toBe('a1');
    expect(lookupPath(context, ['rest', 'id'])).toBe('a1');
    expect(lookupPath(context, ['ship-tools', 'id'])).toBe('a1');
    expect(lookupPath(context, [''])).toBeUndefined();
  });

  test('bindings are shared, not copied: the per-call values are the only own properties', () => {
    const one = createTemplateContext({ bindings, parameters: { id: '1' } });
    const two = createTemplateContext({ bindings, parameters: { id: '2' } });
    expect(Object.keys(one)).toEqual(['id']);
    expect(Object.getPrototypeOf(one)).toBe(Object.getPrototypeOf(two));
    expect(lookupPath(two, ['id'])).toBe('2');
  });

  test('templates and lookups see bindings through the layer, and layers over a context', () => {
    const context = createTemplateContext({ bindings, parameters: { id: 'x' } });
    const layered = Object.create(context) as Record<string, unknown>;
    layered.extra = 'e';
    const template = compileTemplate('{{API_KEY}}|{{env.REGION}}|{{id}}|{{extra}}');
    expect(template.render(layered)).toBe('flat-key|eu|x|e');
    expect(compileTemplate('{{env}}').renderValue(layered)).toEqual({ API_KEY: 'ns-key', REGION: 'eu' });
    expect(lookupPath(layered, ['env', 'REGION'])).toBe('eu');
  });

  test('Object.prototype stays out of reach, at the root and below', () => {
    const context = createTemplateContext({ bindings, arguments: { x: {} } });
    expect(lookupPath(context, ['constructor'])).toBeUndefined();
    expect(lookupPath(context, ['toString'])).toBeUndefined();
    expect(lookupPath(context, ['tools', 'x', 'constructor'])).toBeUndefined();
    expect(lookupPath(context, ['tools', 'x', '__proto__'])).toBeUndefined();
    const template = compileTemplate(
      '[{{constructor}}][{{toString}}][{{tools.x.constructor}}][{{tools.x.__proto__}}]',
    );
    expect(template.render(context)).toBe('[][][][]');
    expect(lookupPath({ a: 1 }, ['toString'])).toBeUndefined();
  });

  test('renderValue and render read a path the same way (one lookup)', () => {
    const context = createTemplateContext({ bindings, parameters: { s: 'abc', n: null } });
    for (const path of ['s.length', 'n', 'n.x', 'REGION', 'env.REGION', 'missing.x']) {
      const template = compileTemplate(`{{${path}}}`);
      const value = template.renderValue(context);
      expect(value, path).toBe(lookupPath(context, path.split('.')));
      expect(template.render(context), path).toBe(value === null || value === undefined ? '' : String(value));
    }
  });

  test('an argument named __proto__ is an ordinary value, not a prototype switch', () => {
    const parameters = JSON.parse('{"__proto__": {"API_KEY": "injected"}}') as Record<string, unknown>;
    const context = createTemplateContext({ bindings, parameters });
    expect(lookupPath(context, ['API_KEY'])).toBe('flat-key');
    expect(lookupPath(context, ['__proto__', 'API_KEY'])).toBe('injected');
  });
});
