import { describe, expect, test } from 'vitest';
import { createJsonLogger, createRedactingLogger } from './logger.js';
import { createRedactor } from './redact.js';

describe('loggers', () => {
  test('the JSON logger writes one object per line at or above its level', () => {
    const lines: string[] = [];
    const logger = createJsonLogger({ level: 'info', write: (line) => lines.push(line) });
    logger.debug('hidden');
    logger.info('call', { tool: 't', status: 200, error: new Error('boom') });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('\n')).toBe(true);
    const parsed = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(parsed).toMatchObject({
      level: 'info',
      msg: 'call',
      tool: 't',
      status: 200,
      error: { name: 'Error', message: 'boom' },
    });
    expect(typeof parsed.time).toBe('string');
  });

  test('the redacting logger removes secrets from messages, fields and errors in fields', () => {
    const lines: string[] = [];
    const logger = createRedactingLogger({
      logger: createJsonLogger({ level: 'debug', write: (line) => lines.push(line) }),
      redactor: createRedactor({ values: ['sk-secret-value'] }),
    });
    logger.warn('key sk-secret-value', {
      nested: ['sk-secret-value'],
      error: new Error('bad sk-secret-value'),
    });
    expect(lines.join('')).not.toContain('sk-secret-value');
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      msg: 'key [REDACTED]',
      nested: ['[REDACTED]'],
      error: { message: 'bad [REDACTED]' },
    });
  });
});
