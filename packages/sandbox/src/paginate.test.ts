import { describe, expect, it } from 'vitest';
import { paginate, parsePageRequest } from './paginate.js';
import { parseQuery } from './parse-query.js';

const items = [1, 2, 3, 4, 5, 6];

function page(query: string, list: number[] = items) {
  const request = parsePageRequest({
    query: parseQuery(query),
    scope: 'test',
    defaultLimit: 2,
    maxLimit: 10,
    defaultOrder: 'asc',
  });
  return paginate({ items: list, seqOf: (item) => item, request, scope: 'test' });
}

describe('paginate', () => {
  it('walks forward and backward in both orders without gaps or repeats', () => {
    for (const order of ['asc', 'desc'] as const) {
      const expected = order === 'asc' ? items : [...items].reverse();
      const forward: number[] = [];
      let current = page(`order=${order}`);
      const pages = [current];
      forward.push(...current.data);
      while (current.nextPage !== null) {
        current = page(`order=${order}&page=${current.nextPage}`);
        pages.push(current);
        forward.push(...current.data);
      }
      expect(forward).toEqual(expected);
      expect(pages).toHaveLength(3);
      expect(pages[2]?.nextPage).toBeNull();

      const back = page(`order=${order}&page=${pages[2]?.prevPage}`);
      expect(back.data).toEqual(pages[1]?.data);
      expect(page(`order=${order}&page=${back.prevPage}`).prevPage).toBeNull();
    }
  });

  it('answers an empty list with no cursors', () => {
    expect(page('', [])).toEqual({ data: [], nextPage: null, prevPage: null });
  });

  it('has no next page when the last page is exactly full', () => {
    expect(page('limit=3', [1, 2, 3])).toEqual({ data: [1, 2, 3], nextPage: null, prevPage: null });
  });

  it('continues after an item that was removed since the cursor was issued', () => {
    const first = page('limit=2');
    expect(page(`limit=2&page=${first.nextPage}`, [1, 3, 4, 5]).data).toEqual([3, 4]);
  });

  it('rejects a cursor from another scope', () => {
    const foreign = paginate({
      items,
      seqOf: (item) => item,
      request: { limit: 1, order: 'asc', cursor: undefined },
      scope: 'other',
    }).nextPage;
    expect(() => page(`page=${foreign}`)).toThrow(/^page: invalid page cursor/);
  });
});
