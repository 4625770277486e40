/**
 * A PostgreSQL array literal, for values that never need quoting: ids, ltree paths, enum names,
 * usernames. MikroORM's `?` would expand a JS array into a list, so arrays travel as one literal.
 */
export function pgArray(values: readonly (string | number)[]): string {
  return `{${values.join(',')}}`;
}
