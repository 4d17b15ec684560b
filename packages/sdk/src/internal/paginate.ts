/** @module Auto-pagination over `{ data, has_more }` lists. */
import type { Page } from '../schemas/common.js';

/**
 * Yields every item of every page: calls `list` with `params`, then again with
 * `starting_after` set to the last id, until `has_more` is false.
 */
export async function* paginate<T extends { id: string }, P extends object>(
  list: (params: P & { starting_after?: string }) => Promise<Page<T>>,
  params: P,
): AsyncGenerator<T> {
  let startingAfter: string | undefined;
  for (;;) {
    const page = await list({ ...params, ...(startingAfter ? { starting_after: startingAfter } : {}) });
    yield* page.data;
    if (!page.has_more || page.data.length === 0) return;
    startingAfter = page.data[page.data.length - 1]!.id;
  }
}
