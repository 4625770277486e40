import { reactive } from 'vue';
import { getOrganizationName } from '@/api/organizations';

// Shared by every page: a unit's name rarely changes while the app is open.
const names = reactive(new Map<string, string | null>());
const pending = new Set<string>();
const CONCURRENCY = 4;

/**
 * Names of units known only by id (audit events carry `organizationId` alone). Looked up one by one,
 * a few at a time, and kept; an id that cannot be read stays shown as the id.
 */
export function useUnitNames() {
  async function resolve(ids: Iterable<string | null | undefined>): Promise<void> {
    const queue = [...new Set(ids)].filter((id): id is string => Boolean(id) && !names.has(id!) && !pending.has(id!));
    for (const id of queue) pending.add(id);
    const worker = async (): Promise<void> => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        try {
          names.set(id, (await getOrganizationName(id)).name);
        } catch {
          names.set(id, null);
        } finally {
          pending.delete(id);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
  }

  function unitName(id: string | null | undefined): string | undefined {
    return id ? (names.get(id) ?? undefined) : undefined;
  }

  return { resolve, unitName };
}
