import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { isNaftikoError, type NaftikoError } from '../errors.js';
import { resolveBindings } from './resolve-bindings.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'naftiko-binds-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function caught(run: () => unknown): NaftikoError {
  try {
    run();
  } catch (error) {
    if (isNaftikoError(error)) return error;
    throw error;
  }
  throw new Error('expected a NaftikoError');
}

describe('environment binds', () => {
  test('values come from env by provider key, flat and by namespace', () => {
    const values = resolveBindings({
      binds: [{ namespace: 'env', keys: { ANTHROPIC_API_KEY: 'MY_KEY' } }],
      baseDir: dir,
      env: { MY_KEY: 'sk-1' },
    });
    expect(values.flat).toEqual({ ANTHROPIC_API_KEY: 'sk-1' });
    expect(values.byNamespace).toEqual({ env: { ANTHROPIC_API_KEY: 'sk-1' } });
  });

  test('a missing variable fails naming the bind, the variable and how to set it', () => {
    const error = caught(() =>
      resolveBindings({
        binds: [{ namespace: 'env', keys: { ANTHROPIC_API_KEY: 'ANTHROPIC_API_KEY' } }],
        baseDir: dir,
        env: {},
      }),
    );
    expect(error.code).toBe('BIND_MISSING_VARIABLE');
    expect(error.message).toBe(
      'Bind "env": variable ANTHROPIC_API_KEY is not set (environment variable ANTHROPIC_API_KEY is missing or empty). Set it: export ANTHROPIC_API_KEY=... or add it to --env-file.',
    );
    expect(error.data.missing).toEqual([
      {
        namespace: 'env',
        variable: 'ANTHROPIC_API_KEY',
        providerKey: 'ANTHROPIC_API_KEY',
        source: 'environment',
      },
    ]);
  });

  test('every missing variable is reported at once; an empty value counts as missing', () => {
    const error = caught(() =>
      resolveBindings({
        binds: [
          { namespace: 'a', keys: { ONE: 'ONE', TWO: 'TWO' } },
          { namespace: 'b', keys: { THREE: 'THREE' } },
        ],
        baseDir: dir,
        env: { ONE: '', THREE: 'x' },
      }),
    );
    expect(error.message.split('\n')[0]).toBe('2 bind variables are missing:');
    expect(error.message).toContain('variable ONE is not set');
    expect(error.message).toContain('variable TWO is not set');
  });
});

describe('file binds', () => {
  test('file:///./x.json relative to the capability directory', () => {
    writeFileSync(join(dir, 'secrets.json'), JSON.stringify({ 'registry-token': 'tok-1', port: 8080 }));
    const values = resolveBindings({
      binds: [
        {
          namespace: 'registry',
          location: 'file:///./secrets.json',
          keys: { TOKEN: 'registry-token', PORT: 'port' },
        },
      ],
      baseDir: dir,
      env: {},
    });
    expect(values.byNamespace.registry).toEqual({ TOKEN: 'tok-1', PORT: '8080' });
  });

  test('file:///x.yaml (relative), nested keys with a dotted provider key', () => {
    mkdirSync(join(dir, 'shared'));
    writeFileSync(join(dir, 'shared', 'secrets.yaml'), 'anthropic:\n  apiKey: sk-yaml\nplain: value\n');
    const values = resolveBindings({
      binds: [
        {
          namespace: 's',
          location: 'file:///shared/secrets.yaml',
          keys: { KEY: 'anthropic.apiKey', P: 'plain' },
        },
      ],
      baseDir: dir,
      env: {},
    });
    expect(values.flat).toEqual({ KEY: 'sk-yaml', P: 'value' });
  });

  test('an absolute path is used when no such file exists relative to the capability', () => {
    const other = mkdtempSync(join(tmpdir(), 'naftiko-abs-'));
    try {
      writeFileSync(join(other, 'keys.yml'), 'k: abs-value\n');
      const values = resolveBindings({
        binds: [{ namespace: 'abs', location: `file://${join(other, 'keys.yml')}`, keys: { K: 'k' } }],
        baseDir: dir,
        env: {},
      });
      expect(values.flat.K).toBe('abs-value');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  test('a key missing in the file names the file and the fix', () => {
    writeFileSync(join(dir, 's.json'), '{}');
    const error = caught(() =>
      resolveBindings({
        binds: [{ namespace: 'f', location: 'file:///./s.json', keys: { K: 'nope' } }],
        baseDir: dir,
        env: {},
      }),
    );
    expect(error.code).toBe('BIND_MISSING_VARIABLE');
    expect(error.message).toBe(
      `Bind "f": variable K is not set (key "nope" is missing in ${join(dir, 's.json')}). Add "nope" to that file.`,
    );
  });

  test('a bind location that is not a regular file is refused before any read', () => {
    const zero = caught(() =>
      resolveBindings({
        binds: [{ namespace: 'z', location: 'file:///dev/zero', keys: { K: 'k' } }],
        baseDir: dir,
        env: {},
      }),
    );
    expect(zero.code).toBe('BIND_FILE_UNREADABLE');
    expect(zero.message).toBe('Bind "z": cannot read /dev/zero: it is a device, not a regular file.');
    const fifo = join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    const piped = caught(() =>
      resolveBindings({
        binds: [{ namespace: 'p', location: 'file:///./pipe.json', keys: { K: 'k' } }],
        baseDir: dir,
        env: {},
      }),
    );
    expect(piped.message).toBe(
      `Bind "p": cannot read ${fifo}: it is a named pipe (FIFO), not a regular file.`,
    );
  });

  test('a missing or malformed file is BIND_FILE_UNREADABLE, without quoting its content', () => {
    const missing = caught(() =>
      resolveBindings({
        binds: [{ namespace: 'f', location: 'file:///./none.json', keys: { K: 'k' } }],
        baseDir: dir,
        env: {},
      }),
    );
    expect(missing.code).toBe('BIND_FILE_UNREADABLE');
    expect(missing.message).toContain('no such file');

    writeFileSync(join(dir, 'bad.json'), '{"k": "sk-secret-in-file",');
    const bad = caught(() =>
      resolveBindings({
        binds: [{ namespace: 'f', location: 'file:///./bad.json', keys: { K: 'k' } }],
        baseDir: dir,
        env: {},
      }),
    );
    expect(bad.code).toBe('BIND_FILE_UNREADABLE');
    expect(bad.message).toBe(`Bind "f": cannot read ${join(dir, 'bad.json')}: it is not valid JSON or YAML.`);

    writeFileSync(join(dir, 'list.yaml'), '- a\n- b\n');
    const list = caught(() =>
      resolveBindings({
        binds: [{ namespace: 'f', location: 'file:///./list.yaml', keys: { K: 'k' } }],
        baseDir: dir,
        env: {},
      }),
    );
    expect(list.message).toContain('it must contain a mapping of keys to values');
  });

  test('other schemes name the scheme and the supported ones', () => {
    const error = caught(() =>
      resolveBindings({
        binds: [{ namespace: 'vault', location: 'vault://secret/data/x', keys: { K: 'k' } }],
        baseDir: dir,
        env: {},
      }),
    );
    expect(error.code).toBe('BIND_LOCATION_UNSUPPORTED');
    expect(error.message).toBe(
      'Bind "vault" uses the location scheme "vault://", which naftiko cannot read. Supported: file:/// (a JSON or YAML file) or no location (the environment).',
    );
  });
});
