import { MAX_LIMIT } from "@nhn-images/core";

/**
 * Every page of a history query: asked with the largest page and each next cursor in turn,
 * exactly as a client of the API would walk it.
 */
export async function allPages<Page extends { readonly next: string | null }>(
  query: URLSearchParams,
  run: (query: URLSearchParams) => Promise<Page>,
): Promise<Page[]> {
  const pages: Page[] = [];
  const asked = new URLSearchParams(query);
  asked.set("limit", String(MAX_LIMIT));
  for (;;) {
    const page = await run(asked);
    pages.push(page);
    if (page.next === null) return pages;
    asked.set("cursor", page.next);
  }
}
