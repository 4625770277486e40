import { ref, shallowRef } from 'vue';
import { showError } from '@/utils/errors';

export interface PageOf<T> {
  edges: { node: T }[];
  totalCount: number;
  pageInfo: { endCursor?: string | null; hasNextPage: boolean };
}

/**
 * A list read page by page: `load()` starts over, `load(true)` appends the next page. `fetchPage`
 * returns null when there is nothing to ask for (no campaign chosen). An answer arriving after a
 * newer request (the filters changed meanwhile) is dropped.
 */
export function usePagedList<T>(
  fetchPage: (after: string | null) => Promise<PageOf<T>> | null,
  /** Runs on each page that arrives (and is not stale), e.g. to look up names it mentions. */
  onPage?: (nodes: T[], more: boolean) => void,
) {
  const rows = shallowRef<T[]>([]);
  const totalCount = ref(0);
  const hasNextPage = ref(false);
  const loading = ref(false);
  const loadingMore = ref(false);
  let endCursor: string | null = null;
  let latest = 0;

  async function load(more = false): Promise<void> {
    const seq = ++latest;
    const request = fetchPage(more ? endCursor : null);
    if (!request) {
      rows.value = [];
      totalCount.value = 0;
      hasNextPage.value = false;
      return;
    }
    const busy = more ? loadingMore : loading;
    busy.value = true;
    try {
      const page = await request;
      if (seq !== latest) return;
      const nodes = page.edges.map((edge) => edge.node);
      rows.value = more ? [...rows.value, ...nodes] : nodes;
      totalCount.value = page.totalCount;
      endCursor = page.pageInfo.endCursor ?? null;
      hasNextPage.value = page.pageInfo.hasNextPage;
      onPage?.(nodes, more);
    } catch (error) {
      if (seq === latest) showError(error);
    } finally {
      if (seq === latest) busy.value = false;
    }
  }

  return { rows, totalCount, hasNextPage, loading, loadingMore, load };
}
