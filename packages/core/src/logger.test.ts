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

  test('a level that is off costs nothing, redacting wrapper included: fields are never read', () => {
    const lines: string[] = [];
    const logger = createRedactingLogger({
      logger: createJsonLogger({ level: 'warn', write: (line) => lines.push(line) }),
      redactor: createRedactor({ values: ['sk-secret-value'] }),
    });
    let reads = 0;
    const fields = {
      get requestId() {
        reads += 1;
        return 'r1';
      },
    };
    logger.debug('request sk-secret-value', fields);
    logger.info('request sk-secret-value', fields);
    expect(reads).toBe(0);
    logger.warn('request sk-secret-value', fields);
    expect(reads).toBeGreaterThan(0);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ msg: 'request [REDACTED]', requestId: 'r1' });
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
