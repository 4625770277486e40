// Campaign days are Beijing days (the server's rule): a session held late in the evening belongs to
// that day in Beijing, wherever the browser is.
const CAMPAIGN_TIME_ZONE = 'Asia/Shanghai';
const DAY_FORMAT = new Intl.DateTimeFormat('en-CA', {
  timeZone: CAMPAIGN_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today in Beijing, YYYY-MM-DD. */
export function beijingToday(now = new Date()): string {
  return DAY_FORMAT.format(now);
}

/** A real calendar date written YYYY-MM-DD. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** The YYYY-MM-DD of a date picked in a calendar (its local day, which is what the person clicked). */
export function toDateString(date: Date): string {
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${month}-${day}`;
}

/** `value` clamped into [min, max] (all YYYY-MM-DD; they compare as strings). */
export function clampDate(value: string, min: string, max: string): string {
  if (value < min) return min;
  if (value > max) return max;
  return value;
}

/** 2026-05-01 ~ 2026-08-31 */
export function formatDateRange(startsOn: string, endsOn: string): string {
  return `${startsOn} ~ ${endsOn}`;
}

/** Whole days from one YYYY-MM-DD to a later one (negative when `to` comes first). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
