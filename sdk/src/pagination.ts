/** A list answer: `items` and the cursor of the next page (null on the last). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A list, fetched page by page as it is iterated: `for await (const item of list)` walks every item
 * of every page; `page()` is one page; `pages()` walks pages; `toArray()` collects (bounded).
 */
export class PageIterator<T> implements AsyncIterable<T> {
  constructor(
    private readonly fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
    private readonly startCursor?: string,
  ) {}

  /** The first page (or the one at the cursor the list was started with). */
  page(): Promise<Page<T>> {
    return this.fetchPage(this.startCursor);
  }

  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    let cursor = this.startCursor;
    do {
      const page = await this.fetchPage(cursor);
      yield page;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.items;
  }

  /** Every item, up to `max` (default 10,000) so a runaway list cannot exhaust memory. */
  async toArray(max = 10_000): Promise<T[]> {
    const items: T[] = [];
    for await (const item of this) {
      items.push(item);
      if (items.length >= max) break;
    }
    return items;
  }
}

/**
 * Cursor helper for any generated list operation:
 * `for await (const c of paginate(pb.api.listConnections, { orgId })) …`.
 */
export function paginate<Input extends { cursor?: string }, T>(
  list: (input: Input) => Promise<Page<T>>,
  input: Input,
): PageIterator<T> {
  return new PageIterator((cursor) => list({ ...input, cursor }), input.cursor);
}
