import { expect, test } from 'vitest';
import { matchSkillRoute } from './match-skill-route.js';

test('routes the catalog paths and decodes each segment on its own', () => {
  expect(matchSkillRoute('/skills')).toEqual({ ok: true, route: { kind: 'catalog' } });
  expect(matchSkillRoute('/skills/')).toEqual({ ok: true, route: { kind: 'catalog' } });
  expect(matchSkillRoute('/skills/a')).toEqual({ ok: true, route: { kind: 'skill', name: 'a' } });
  expect(matchSkillRoute('/skills/a/download')).toEqual({ ok: true, route: { kind: 'download', name: 'a' } });
  expect(matchSkillRoute('/skills/a/contents')).toEqual({ ok: true, route: { kind: 'contents', name: 'a' } });
  expect(matchSkillRoute('/skills/a/contents/docs/my%20guide.md')).toEqual({
    ok: true,
    route: { kind: 'file', name: 'a', segments: ['docs', 'my guide.md'] },
  });
});

test('refuses separators, dot segments and bad encodings before touching files', () => {
  for (const path of [
    '/skills/a/contents/..',
    '/skills/a/contents/.',
    '/skills/a/contents/%2e%2e/x',
    '/skills/a/contents/a%2fb',
    '/skills/a/contents/a%5cb',
    '/skills/a/contents/a%00b',
    '/skills/a/contents/%zz',
    '/skills/a/contents//x',
  ]) {
    expect(matchSkillRoute(path)).toMatchObject({ ok: false, status: 400 });
  }
  expect(matchSkillRoute('/skill')).toMatchObject({ ok: false, status: 404 });
  expect(matchSkillRoute('/skills/a/upload')).toMatchObject({ ok: false, status: 404 });
  expect(matchSkillRoute('/skills/a/download/x')).toMatchObject({ ok: false, status: 404 });
});
