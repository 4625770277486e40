import type {
  MeasureInput,
  ProblemCategory,
  ProblemDetail,
  ProblemFieldsInput,
  ProblemScope,
  ProblemSource,
  RectificationKind,
} from '@/api/problems';

// Mirrors the server's validation of ProblemFieldsInput, so most mistakes are caught before a round trip.
export const DESCRIPTION_MAX_LENGTH = 2000;
export const MEASURE_MAX_LENGTH = 1000;
export const PERSON_MAX_LENGTH = 50;
export const DELIVERABLE_MAX_LENGTH = 200;
export const NOTE_MAX_LENGTH = 5000;
export const MEASURES_MAX = 20;
export const EVIDENCE_PER_STEP_MAX = 20;
export const TITLE_MAX_LENGTH = 200;

export interface MeasureFormModel {
  /** An existing measure (editing); null for a new one. */
  id: string | null;
  content: string;
  owner: string;
  deadline: string | null;
  deliverable: string;
  /** Stable key for v-for while rows are added and removed. */
  key: number;
}

/** What the problem form edits. */
export interface ProblemFormModel {
  scope: ProblemScope;
  personName: string;
  category: ProblemCategory | null;
  source: ProblemSource | null;
  description: string;
  foundOn: string | null;
  rectificationKind: RectificationKind;
  responsibleLeader: string;
  deadline: string | null;
  measures: MeasureFormModel[];
}

/** The fields the server may name in `extensions.field`, as the form items are named. */
export const PROBLEM_FIELDS = [
  'scope',
  'personName',
  'category',
  'source',
  'description',
  'foundOn',
  'rectificationKind',
  'responsibleLeader',
  'deadline',
  'measures',
  'deadlineChangeReason',
] as const;

export type ProblemField = (typeof PROBLEM_FIELDS)[number];

let measureKey = 0;

export function emptyMeasure(): MeasureFormModel {
  return { id: null, content: '', owner: '', deadline: null, deliverable: '', key: ++measureKey };
}

export function emptyProblemForm(foundOn: string | null): ProblemFormModel {
  return {
    scope: 'TEAM',
    personName: '',
    category: null,
    source: null,
    description: '',
    foundOn,
    rectificationKind: 'BY_DEADLINE',
    responsibleLeader: '',
    deadline: null,
    measures: [emptyMeasure()],
  };
}

export function problemForm(problem: ProblemDetail): ProblemFormModel {
  return {
    scope: problem.scope,
    personName: problem.personName ?? '',
    category: problem.category,
    source: problem.source,
    description: problem.description,
    foundOn: problem.foundOn,
    rectificationKind: problem.rectificationKind,
    responsibleLeader: problem.responsibleLeader,
    deadline: problem.deadline ?? null,
    measures: problem.measures.map((measure) => ({
      id: measure.id,
      content: measure.content,
      owner: measure.owner,
      deadline: measure.deadline ?? null,
      deliverable: measure.deliverable,
      key: ++measureKey,
    })),
  };
}

/** The input the API takes, once the form has validated. */
export function problemFields(form: ProblemFormModel): ProblemFieldsInput {
  return {
    scope: form.scope,
    personName: form.scope === 'INDIVIDUAL' ? form.personName.trim() : null,
    category: form.category!,
    source: form.source!,
    description: form.description.trim(),
    foundOn: form.foundOn!,
    rectificationKind: form.rectificationKind,
    responsibleLeader: form.responsibleLeader.trim(),
    deadline: form.deadline || null,
    measures: form.measures.map((measure): MeasureInput => ({
      ...(measure.id ? { id: measure.id } : {}),
      content: measure.content.trim(),
      owner: measure.owner.trim(),
      deadline: measure.deadline || null,
      deliverable: measure.deliverable.trim(),
    })),
  };
}

/** Whether saving `input` changes the problem's deadline or a kept measure's (延期: a reason is required). */
export function changesDeadline(problem: ProblemDetail, input: ProblemFieldsInput): boolean {
  if ((problem.deadline ?? null) !== (input.deadline ?? null)) return true;
  const before = new Map(problem.measures.map((measure) => [measure.id, measure.deadline ?? null]));
  return input.measures.some((measure) => {
    const id = measure.id === null || measure.id === undefined ? null : String(measure.id);
    return id !== null && before.has(id) && before.get(id) !== (measure.deadline ?? null);
  });
}

/** 剩 3 天 / 今天到期 / 逾期 2 天: the i18n key and count for a countdown to `daysLeft`. */
export function countdown(daysLeft: number | null | undefined): { key: 'left' | 'today' | 'overdue'; days: number } | null {
  if (daysLeft === null || daysLeft === undefined) return null;
  if (daysLeft > 0) return { key: 'left', days: daysLeft };
  if (daysLeft === 0) return { key: 'today', days: 0 };
  return { key: 'overdue', days: -daysLeft };
}
