import { describe, expect, test } from 'vitest';
import { loadYaml } from './load-yaml.js';

function codes(source: string | Uint8Array, options: { maxBytes?: number; maxDepth?: number } = {}) {
  return loadYaml({ source, ...options }).diagnostics.map(({ code, line, column }) => ({
    code,
    line,
    column,
  }));
}

describe('loadYaml', () => {
  test('parses YAML and keeps positions for every node', () => {
    const loaded = loadYaml({ source: 'a:\n  b:\n    - x: 1\n      y: [1, 2]\n  c: text\n' });
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.value).toEqual({ a: { b: [{ x: 1, y: [1, 2] }], c: 'text' } });
    expect(loaded.locate('/a/c')).toEqual({ line: 5, column: 6, endLine: 5, endColumn: 10 });
    expect(loaded.locate('/a/b/0/y/1')).toEqual({ line: 4, column: 14, endLine: 4, endColumn: 15 });
    // A collection value is located at its key, the line a reader looks for.
    expect(loaded.locate('/a/b')).toMatchObject({ line: 2, column: 3 });
    expect(loaded.locate('/a/b/0')).toMatchObject({ line: 3, column: 7 });
  });

  test('a missing key or index is located at its deepest existing parent', () => {
    const loaded = loadYaml({ source: 'a:\n  b:\n    - x: 1\n' });
    expect(loaded.locate('/a/b/0/missing')).toMatchObject({ line: 3, column: 7 });
    expect(loaded.locate('/a/b/5')).toMatchObject({ line: 2, column: 3 });
    expect(loaded.locate('/nope')).toMatchObject({ line: 1, column: 1 });
  });

  test('pointer tokens are unescaped and keys with slashes are found', () => {
    const loaded = loadYaml({ source: 'paths:\n  /users/{id}: 1\n  a~b: 2\n' });
    expect(loaded.locate('/paths/~1users~1{id}')).toMatchObject({ line: 2, column: 16 });
    expect(loaded.locate('/paths/a~0b')).toMatchObject({ line: 3, column: 8 });
  });

  test('locate follows aliases to their anchors', () => {
    const loaded = loadYaml({ source: 'base: &base\n  port: 1\ncopy: *base\n' });
    expect(loaded.value).toEqual({ base: { port: 1 }, copy: { port: 1 } });
    expect(loaded.locate('/copy/port')).toMatchObject({ line: 2, column: 9 });
  });

  test('JSON is YAML', () => {
    const loaded = loadYaml({ source: '{\n  "naftiko": "1.0.0-alpha2",\n  "info": {"label": "x"}\n}\n' });
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.value).toEqual({ naftiko: '1.0.0-alpha2', info: { label: 'x' } });
    expect(loaded.locate('/info/label')).toMatchObject({ line: 3, column: 21 });
  });

  test('a byte order mark is accepted', () => {
    expect(loadYaml({ source: '\ufeffa: 1\n' }).value).toEqual({ a: 1 });
    expect(loadYaml({ source: new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x3a, 0x20, 0x31]) }).value).toEqual({
      a: 1,
    });
  });

  test('a file over the size cap is refused before parsing, naming the size and the cap', () => {
    const source = `a: "${'x'.repeat(3000)}"\n`;
    const loaded = loadYaml({ source, maxBytes: 2048 });
    expect(loaded.value).toBeUndefined();
    expect(loaded.diagnostics).toEqual([
      expect.objectContaining({
        code: 'file-too-large',
        severity: 'error',
        message: expect.stringContaining('file is 2.9 KiB, over the 2 KiB limit'),
      }),
    ]);
    // The default cap is 5 MiB.
    const huge = loadYaml({ source: `# ${'x'.repeat(5 * 1024 * 1024)}` });
    expect(huge.diagnostics[0]?.message).toContain('over the 5 MiB limit');
  });

  test('empty and comment-only files are an empty document', () => {
    expect(codes('')).toEqual([{ code: 'empty-document', line: 1, column: 1 }]);
    expect(codes('  \n\n')).toEqual([{ code: 'empty-document', line: 1, column: 1 }]);
    expect(codes('# nothing here\n')).toEqual([{ code: 'empty-document', line: 1, column: 1 }]);
    expect(codes('---\n')).toEqual([{ code: 'empty-document', line: 1, column: 1 }]);
  });

  test('NUL bytes and invalid UTF-8 are a binary file', () => {
    expect(codes('a: b\u0000c')).toEqual([{ code: 'binary-file', line: 1, column: 1 }]);
    expect(codes(new Uint8Array([0x61, 0x3a, 0x20, 0x00]))).toEqual([
      { code: 'binary-file', line: 1, column: 1 },
    ]);
    const latin1 = loadYaml({ source: new Uint8Array([0x61, 0x3a, 0x20, 0xe9, 0x74, 0xe9]) });
    expect(latin1.diagnostics[0]).toMatchObject({
      code: 'binary-file',
      message: expect.stringContaining('not valid UTF-8'),
    });
  });

  test('a duplicate key is an error at the second key, and the rest still loads', () => {
    const loaded = loadYaml({ source: 'a: 1\nb:\n  c: 2\n  c: 3\n' });
    expect(loaded.diagnostics).toEqual([
      expect.objectContaining({
        code: 'duplicate-key',
        pointer: '/b/c',
        line: 4,
        column: 3,
        message: expect.stringContaining('`c`'),
      }),
    ]);
    expect(loaded.value).toEqual({ a: 1, b: { c: 3 } });
  });

  test('an alias bomb is stopped at the alias count cap', () => {
    let source = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n';
    for (const [name, previous] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
      ['f', 'e'],
      ['g', 'f'],
      ['h', 'g'],
    ]) {
      source += `${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]\n`;
    }
    const started = performance.now();
    const loaded = loadYaml({ source });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(loaded.value).toBeUndefined();
    expect(loaded.diagnostics).toEqual([expect.objectContaining({ code: 'alias-bomb', line: 2, column: 8 })]);
    // A handful of aliases is fine.
    expect(loadYaml({ source: 'a: &a {x: 1}\nb: *a\nc: *a\n' }).value).toEqual({
      a: { x: 1 },
      b: { x: 1 },
      c: { x: 1 },
    });
  });

  test('deep flow nesting is refused before the parser recurses', () => {
    const source = `a: ${'['.repeat(300_000)}${']'.repeat(300_000)}\n`;
    const started = performance.now();
    expect(codes(source)).toEqual([{ code: 'nesting-too-deep', line: 1, column: 204 }]);
    expect(performance.now() - started).toBeLessThan(2000);
    // Brackets inside strings and comments do not count.
    expect(codes(`a: "${'['.repeat(500)}"\nb: '${'{'.repeat(500)}'\n# ${'['.repeat(500)}\n`)).toEqual([]);
  });

  test('flow nesting is refused early whatever precedes each bracket', () => {
    // `&a[` and `"k":{` open collections too; the pre-scan must not take them for text. In the
    // last case each `{{id}}` is a flow mapping in a flow mapping: depth 201 is reached inside the
    // 199th repetition.
    for (const [opener, column] of [
      ['[&a', 4 + 200 * 3],
      ['{"k":', 4 + 200 * 5],
      ['[{{id}}, ', 4 + 198 * 9 + 2],
    ] as const) {
      const source = `a: ${opener.repeat(100_000)}\n`;
      const started = performance.now();
      expect(codes(source)[0], opener).toEqual({ code: 'nesting-too-deep', line: 1, column });
      expect(performance.now() - started, opener).toBeLessThan(2000);
    }
  });

  test('templates and indexes are not mistaken for flow nesting', () => {
    const templates = Array.from(
      { length: 2000 },
      (_, i) => `k${i}: "{{step-${i}.id}} {x} $.a[0] {{ env.X }}"`,
    );
    const loaded = loadYaml({ source: `${templates.join('\n')}\n` });
    expect(loaded.diagnostics).toEqual([]);
    expect((loaded.value as Record<string, string>).k1999).toBe('{{step-1999.id}} {x} $.a[0] {{ env.X }}');
  });

  test('deep block nesting is refused, whether the parser or the depth check catches it', () => {
    let indented = '';
    for (let depth = 0; depth < 250; depth += 1) indented += `${' '.repeat(depth)}k:\n`;
    expect(codes(indented).map(({ code }) => code)).toEqual(['nesting-too-deep']);
    expect(codes(`${'- '.repeat(5000)}x\n`).map(({ code }) => code)).toEqual(['nesting-too-deep']);
    expect(codes(indented, { maxDepth: 300 })).toEqual([]);
  });

  test('several documents are an error; the first is still loaded', () => {
    const loaded = loadYaml({ source: 'a: 1\n---\nb: 2\n' });
    expect(loaded.diagnostics).toEqual([
      expect.objectContaining({ code: 'multiple-documents', line: 2, column: 1 }),
    ]);
    expect(loaded.value).toEqual({ a: 1 });
    // One leading `---` is a single document.
    expect(codes('---\na: 1\n')).toEqual([]);
  });

  test('a sequence or a scalar is not a capability', () => {
    expect(codes('- a\n- b\n')).toEqual([{ code: 'document-not-mapping', line: 1, column: 1 }]);
    expect(codes('just text\n')).toEqual([{ code: 'document-not-mapping', line: 1, column: 1 }]);
  });

  test('syntax errors are positioned and stop loading', () => {
    const loaded = loadYaml({ source: 'a: 1\nb: c: d\n' });
    expect(loaded.value).toBeUndefined();
    expect(loaded.diagnostics[0]).toMatchObject({ code: 'yaml-syntax', line: 2, column: 4 });
  });

  test('one unclosed `[` is one error at its place, not a cascade over the rest of the file', () => {
    const resources = Array.from(
      { length: 20 },
      (_, i) => `  - name: r${i}\n    path: /r${i}\n    operations: [{name: op-${i}, method: GET}]\n`,
    ).join('');
    const source = `resources:\n  - name: a\n    path: /a\n    operations: [{name: list, method: GET}\n${resources}`;
    expect(codes(source)).toEqual([{ code: 'yaml-syntax', line: 5, column: 3 }]);
  });

  test('a collection used as a mapping key is refused', () => {
    expect(codes('a: 1\n? [x, y]\n: 2\n')).toEqual([{ code: 'yaml-syntax', line: 2, column: 3 }]);
  });

  test('unknown tags are a warning', () => {
    const loaded = loadYaml({ source: 'a: !shout b\n' });
    expect(loaded.value).toEqual({ a: 'b' });
    expect(loaded.diagnostics).toEqual([
      expect.objectContaining({ code: 'yaml-warning', severity: 'warning', line: 1 }),
    ]);
  });

  test('a __proto__ key is data, not a prototype', () => {
    const loaded = loadYaml({ source: '__proto__:\n  polluted: true\n' });
    expect(Object.keys(loaded.value as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(loaded.value)).toBe(Object.prototype);
  });

  test('no input makes it throw', () => {
    const inputs = [
      '',
      '\t\u0001',
      ': : :',
      '[',
      '{a: [}',
      '&a *a',
      '*missing',
      '!!binary x',
      '? [a]\n: 1',
      '%YAML 9.9\n---\na: 1',
    ];
    for (const source of inputs) expect(() => loadYaml({ source })).not.toThrow();
  });
});
