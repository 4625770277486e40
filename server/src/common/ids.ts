/** Largest id of an `integer` column; a longer number names nothing rather than failing in SQL. */
const MAX_INT_ID = 2_147_483_647;

/** A positive integer id from GraphQL's ID (a string), or undefined when it cannot name a row. */
export function parseId(value: string | number | null | undefined): number | undefined {
  const id = typeof value === 'number' ? value : value && /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(id) && id > 0 && id <= MAX_INT_ID ? id : undefined;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
