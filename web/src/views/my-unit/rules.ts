import type { Audience, SessionType } from '@/api/sessions';

// Mirrors the server's validation of SessionFieldsInput, so most mistakes are caught before a round trip.
export const TOPIC_MAX_LENGTH = 200;
export const SUMMARY_MAX_LENGTH = 20_000;
export const PRESENTER_MAX_LENGTH = 100;
export const LOCATION_MAX_LENGTH = 200;
export const HOURS_MAX = 24;
export const ATTENDANCE_MAX = 100_000;
export const REASON_MAX_LENGTH = 500;

/** What the session form edits; numbers are null while empty. */
export interface SessionFormModel {
  type: SessionType | null;
  topic: string;
  heldOn: string | null;
  hours: number | null;
  expectedAttendance: number | null;
  actualAttendance: number | null;
  audiences: Audience[];
  presenter: string;
  location: string;
  summary: string;
  /** Only when logging: the plan item the session carries out. */
  planItemId: string | null;
}

/** The fields the server may name in `extensions.field`, as the form items are named. */
export const SESSION_FIELDS = [
  'type',
  'topic',
  'heldOn',
  'hours',
  'expectedAttendance',
  'actualAttendance',
  'audiences',
  'presenter',
  'location',
  'summary',
  'planItemId',
] as const;

export type SessionField = (typeof SESSION_FIELDS)[number];

export function emptySessionForm(): SessionFormModel {
  return {
    type: null,
    topic: '',
    heldOn: null,
    hours: null,
    expectedAttendance: null,
    actualAttendance: null,
    audiences: [],
    presenter: '',
    location: '',
    summary: '',
    planItemId: null,
  };
}

/** More than 0, at most 24, at most one decimal place (the server's rule). */
export function hoursProblem(value: number | null): 'required' | 'range' | 'precision' | null {
  if (value === null || value === undefined || Number.isNaN(value)) return 'required';
  if (!(value > 0) || value > HOURS_MAX) return 'range';
  if (Math.abs(Math.round(value * 10) - value * 10) > 1e-9) return 'precision';
  return null;
}

export function attendanceProblem(value: number | null): 'required' | 'range' | null {
  if (value === null || value === undefined || Number.isNaN(value)) return 'required';
  if (!Number.isInteger(value) || value < 0 || value > ATTENDANCE_MAX) return 'range';
  return null;
}

/** The input the API takes, once the form has validated. */
export function sessionFields(form: SessionFormModel) {
  return {
    type: form.type!,
    topic: form.topic.trim(),
    heldOn: form.heldOn!,
    hours: form.hours!,
    expectedAttendance: form.expectedAttendance!,
    actualAttendance: form.actualAttendance!,
    audiences: [...form.audiences],
    presenter: form.presenter.trim(),
    location: form.location.trim(),
    summary: form.summary,
  };
}
