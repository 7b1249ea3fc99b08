import { invalidRequest } from './api-error.js';
import { getQueryValue, type QueryMultiMap } from './parse-query.js';

export type SortOrder = 'asc' | 'desc';

/** Where a page starts: after (`next`) or before (`prev`) the item with sequence number `seq`. */
interface PageCursor {
  scope: string;
  order: SortOrder;
  direction: 'next' | 'prev';
  seq: number;
}

export interface PageRequest {
  limit: number;
  order: SortOrder;
  cursor: PageCursor | undefined;
}

export interface Page<T> {
  data: T[];
  nextPage: string | null;
  prevPage: string | null;
}

const CURSOR_PREFIX = 'page_';

/**
 * Reads `limit`, `order` and `page` from a list query. `scope` ties a cursor to the list that
 * issued it, so a sessions cursor replayed against an events list is a clear 400, as is a cursor
 * reused with another `order` (the real API's documented behaviour).
 */
export function parsePageRequest(options: {
  query: QueryMultiMap;
  scope: string;
  defaultLimit: number;
  maxLimit: number;
  defaultOrder: SortOrder;
}): PageRequest {
  const { query, scope, defaultLimit, maxLimit, defaultOrder } = options;
  const rawLimit = getQueryValue(query, 'limit');
  let limit = defaultLimit;
  if (rawLimit !== undefined) {
    limit = Number(rawLimit);
    if (!/^\d+$/.test(rawLimit) || limit < 1 || limit > maxLimit) {
      throw invalidRequest(
        `limit: expected an integer from 1 to ${maxLimit}, got ${JSON.stringify(rawLimit)}`,
      );
    }
  }
  const rawOrder = getQueryValue(query, 'order');
  if (rawOrder !== undefined && rawOrder !== 'asc' && rawOrder !== 'desc') {
    throw invalidRequest(`order: expected "asc" or "desc", got ${JSON.stringify(rawOrder.slice(0, 64))}`);
  }
  const order: SortOrder = rawOrder ?? defaultOrder;
  const rawPage = getQueryValue(query, 'page');
  if (rawPage === undefined || rawPage === '') return { limit, order, cursor: undefined };
  const cursor = decodeCursor(rawPage);
  if (cursor === undefined || cursor.scope !== scope) {
    throw invalidRequest(
      'page: invalid page cursor; pass the next_page or prev_page value of a previous response',
    );
  }
  if (cursor.order !== order) {
    throw invalidRequest(
      `page: this cursor was issued for order=${cursor.order}; repeat the request with order=${cursor.order} ` +
        'or drop the page parameter',
    );
  }
  return { limit, order, cursor };
}

/**
 * Cuts one page out of `items`, which must be sorted by ascending `seq` (insertion order). Keyset
 * cursors keep pages stable while items are added or removed between requests.
 */
export function paginate<T>(options: {
  items: readonly T[];
  seqOf: (item: T) => number;
  request: PageRequest;
  scope: string;
}): Page<T> {
  const { items, seqOf, request, scope } = options;
  const { limit, order, cursor } = request;
  const ordered = order === 'asc' ? items : [...items].reverse();
  // "a comes after seq" in the requested order.
  const isAfter = (item: T, seq: number): boolean =>
    order === 'asc' ? seqOf(item) > seq : seqOf(item) < seq;

  let start = 0;
  let end: number;
  if (cursor === undefined) {
    end = Math.min(limit, ordered.length);
  } else if (cursor.direction === 'next') {
    start = firstIndex(ordered, (item) => isAfter(item, cursor.seq));
    end = Math.min(start + limit, ordered.length);
  } else {
    end = firstIndex(ordered, (item) => seqOf(item) === cursor.seq || isAfter(item, cursor.seq));
    start = Math.max(0, end - limit);
  }
  const data = ordered.slice(start, end);
  const first = data[0];
  const last = data[data.length - 1];
  return {
    data,
    nextPage:
      last !== undefined && end < ordered.length
        ? encodeCursor({ scope, order, direction: 'next', seq: seqOf(last) })
        : null,
    prevPage:
      first !== undefined && start > 0
        ? encodeCursor({ scope, order, direction: 'prev', seq: seqOf(first) })
        : null,
  };
}

function firstIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  const index = items.findIndex(predicate);
  return index === -1 ? items.length : index;
}

function encodeCursor(cursor: PageCursor): string {
  const compact = [cursor.scope, cursor.order, cursor.direction, cursor.seq];
  return CURSOR_PREFIX + Buffer.from(JSON.stringify(compact), 'utf8').toString('base64url');
}

function decodeCursor(raw: string): PageCursor | undefined {
  if (!raw.startsWith(CURSOR_PREFIX) || raw.length > 512) return undefined;
  try {
    const parsed: unknown = JSON.parse(
      Buffer.from(raw.slice(CURSOR_PREFIX.length), 'base64url').toString('utf8'),
    );
    if (!Array.isArray(parsed) || parsed.length !== 4) return undefined;
    const [scope, order, direction, seq] = parsed as unknown[];
    if (typeof scope !== 'string' || (order !== 'asc' && order !== 'desc')) return undefined;
    if ((direction !== 'next' && direction !== 'prev') || !Number.isSafeInteger(seq)) return undefined;
    return { scope, order, direction, seq: seq as number };
  } catch {
    return undefined;
  }
}
