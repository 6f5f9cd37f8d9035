import { HttpProblem } from './error-body.js';

/** Opaque pagination cursors: the sort key of the last item, base64url-encoded JSON. */
export const encodeCursor = (key: readonly (string | number)[]): string =>
  Buffer.from(JSON.stringify(key)).toString('base64url');

/**
 * A page of `limit` rows out of rows read with one more: the next page's cursor, the last row's sort
 * key, only when that one more was there.
 */
export function keysetPage<Row>(
  rows: readonly Row[],
  limit: number,
  sortKeyOf: (row: Row) => readonly (string | number)[],
): { page: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last ? encodeCursor(sortKeyOf(last)) : null };
}

export function decodeCursor(
  cursor: string,
  shape: readonly ('string' | 'number')[],
): (string | number)[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(key) &&
      key.length === shape.length &&
      key.every((v, i) => typeof v === shape[i])
    ) {
      return key as (string | number)[];
    }
  } catch {
    // falls through to the 400 below
  }
  throw new HttpProblem(400, 'REQUEST.INVALID_CURSOR', 'The cursor is not one this API gave out');
}
