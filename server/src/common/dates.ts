import { registerDecorator, type ValidationOptions } from 'class-validator';

/** Campaign days are Beijing days: a session held late in the evening belongs to that day there. */
export const CAMPAIGN_TIME_ZONE = 'Asia/Shanghai';

// Building a formatter costs far more than using one; today() runs on every logged session.
const DAY_FORMAT = new Intl.DateTimeFormat('en-CA', { timeZone: CAMPAIGN_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

export function today(now = new Date()): string {
  return DAY_FORMAT.format(now);
}

/** The calendar day `days` after `day` (both YYYY-MM-DD). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A real calendar date written YYYY-MM-DD. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  // Years PostgreSQL stores and a campaign could mean; year 0000 would otherwise reach SQL and fail there.
  const year = Number(value.slice(0, 4));
  return year >= 1900 && year <= 2999 && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

export function IsCalendarDate(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName,
      options,
      validator: { validate: isCalendarDate },
    });
}
