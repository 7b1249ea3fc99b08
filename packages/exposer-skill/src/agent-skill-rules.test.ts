import { describe, expect, test } from 'vitest';
import { checkAgentSkill, clampText, toSkillName } from './agent-skill-rules.js';

const check = (skill: { name: string; description: string; compatibility?: string }) =>
  checkAgentSkill({ skill, pointer: '/skills/0' }).map((d) => `${d.pointer}: ${d.message}`);

describe('Agent Skills rules', () => {
  test('names are 1-64 lower-case letters, digits and single inner hyphens', () => {
    for (const name of ['a', 'pdf', 'order-ops', 'v2-api-3', 'x'.repeat(64)]) {
      expect(check({ name, description: 'ok' })).toEqual([]);
    }
    for (const name of [
      '',
      'Order',
      'order_ops',
      '-order',
      'order-',
      'order--ops',
      'ordér',
      'a b',
      'x'.repeat(65),
    ]) {
      expect(check({ name, description: 'ok' })).toHaveLength(1);
    }
    expect(check({ name: 'Order_Ops', description: 'ok' })).toEqual([
      '/skills/0/name: skill name "Order_Ops" breaks the Agent Skills rules: 1-64 lower-case letters, digits and single hyphens, not starting or ending with a hyphen; use "order-ops"',
    ]);
  });

  test('descriptions are 1-1024 characters and not blank; compatibility at most 500', () => {
    expect(check({ name: 'a', description: 'd'.repeat(1024) })).toEqual([]);
    expect(check({ name: 'a', description: 'd'.repeat(1025) })).toEqual([
      '/skills/0/description: skill "a" needs a description of 1-1024 characters saying what it does and when to use it (it has 1025)',
    ]);
    expect(check({ name: 'a', description: '   ' })).toHaveLength(1);
    expect(check({ name: 'a', description: 'ok', compatibility: 'c'.repeat(500) })).toEqual([]);
    expect(check({ name: 'a', description: 'ok', compatibility: 'c'.repeat(501) })).toEqual([
      '/skills/0/compatibility: skill "a" compatibility must be 1-500 characters (it has 501)',
    ]);
  });

  test('toSkillName always yields a valid name', () => {
    expect(toSkillName('Managed Agents — Sessions (MCP)')).toBe('managed-agents-sessions-mcp');
    expect(toSkillName('Crème Brûlée__API')).toBe('creme-brulee-api');
    expect(toSkillName('---')).toBe('skill');
    const long = toSkillName(`${'ab-'.repeat(40)}end`);
    expect(long.length).toBeLessThanOrEqual(64);
    for (const text of ['Managed Agents — Sessions (MCP)', '---', `${'ab-'.repeat(40)}end`, 'A--B']) {
      expect(check({ name: toSkillName(text), description: 'ok' })).toEqual([]);
    }
  });

  test('clampText cuts at a word boundary and marks the cut', () => {
    expect(clampText('short text', 20)).toBe('short text');
    const cut = clampText('one two three four five six', 16);
    expect(cut).toBe('one two three…');
    expect(cut.length).toBeLessThanOrEqual(16);
  });
});
