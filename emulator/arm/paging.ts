import { badRequest } from "../errors";

/**
 * ARM's paging as the emulator answers it: `$skipToken` is an offset into the list, and
 * nextLink repeats the request (every other query parameter kept) with the next offset.
 */

const SKIP_TOKEN = "$skipToken";

export interface Page<T> {
  value: T[];
  nextLink?: string;
}

function nextLinkOf(baseUrl: string, url: URL, offset: number): string {
  const kept = new URLSearchParams();
  url.searchParams.forEach((value, key) => {
    if (key !== SKIP_TOKEN) kept.append(key, value);
  });
  const query = kept.toString();
  return `${baseUrl}${url.pathname}?${query === "" ? "" : `${query}&`}${SKIP_TOKEN}=${offset}`;
}

/** The page of `items` the request's `$skipToken` names, `pageSize` long. */
export function pageOf<T>(
  baseUrl: string,
  url: URL,
  items: readonly T[],
  pageSize: number,
): Page<T> {
  const skipToken = url.searchParams.get(SKIP_TOKEN);
  const offset = skipToken === null ? 0 : Number(skipToken);
  if (!Number.isInteger(offset) || offset < 0 || offset > items.length) {
    throw badRequest(`The ${SKIP_TOKEN} '${skipToken}' is not valid for this list.`);
  }
  const end = offset + pageSize;
  const page: Page<T> = { value: items.slice(offset, end) };
  if (end < items.length) {
    page.nextLink = nextLinkOf(baseUrl, url, end);
  }
  return page;
}
