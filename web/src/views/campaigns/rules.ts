import type { OrganizationKind } from '@/api/organizations';
import type { Requirement, RequirementInput, RequirementKind } from '@/api/campaigns';
import type { SessionType } from '@/api/sessions';
import { ORGANIZATION_KINDS } from '@/composables/useOrganizationKind';

// Mirrors the server's validation of CampaignInput, so most mistakes are caught before a round trip.
export const CAMPAIGN_TITLE_MAX_LENGTH = 200;
export const CAMPAIGN_SUMMARY_MAX_LENGTH = 20_000;
export const REQUIREMENT_TITLE_MAX_LENGTH = 200;
export const REQUIREMENTS_MAX = 50;
export const MIN_COUNT_MAX = 100;
export const EXEMPT_REASON_MAX_LENGTH = 500;

/** One row of the requirements editor; `key` only keeps rows apart while editing. */
export interface RequirementRow {
  key: number;
  title: string;
  kind: RequirementKind;
  sessionType: SessionType | null;
  minCount: number | null;
  appliesTo: OrganizationKind[];
}

let nextKey = 1;

export function requirementRow(fields: Partial<Omit<RequirementRow, 'key'>> = {}): RequirementRow {
  return {
    key: nextKey++,
    title: '',
    kind: 'SESSIONS',
    sessionType: null,
    minCount: 1,
    appliesTo: [...ORGANIZATION_KINDS],
    ...fields,
  };
}

export function rowFromRequirement(requirement: Requirement): RequirementRow {
  return requirementRow({
    title: requirement.title,
    kind: requirement.kind,
    sessionType: requirement.sessionType ?? null,
    minCount: requirement.minCount,
    appliesTo: [...requirement.appliesTo],
  });
}

export function requirementInput(row: RequirementRow): RequirementInput {
  return {
    title: row.title.trim(),
    kind: row.kind,
    sessionType: row.kind === 'SESSIONS' ? row.sessionType : null,
    minCount: row.minCount ?? 1,
    appliesTo: [...row.appliesTo],
  };
}

/** The standard 规定动作 of a 学习教育; titles come from the caller in the current language. */
export function standardRequirements(title: (key: StandardKey) => string): RequirementRow[] {
  return STANDARD.map(({ key, ...fields }) => requirementRow({ ...fields, title: title(key) }));
}

export type StandardKey = 'readingClass' | 'centralGroup' | 'democraticLife' | 'themedPartyDay' | 'seminar';

const STANDARD: (Omit<RequirementRow, 'key' | 'title'> & { key: StandardKey })[] = [
  {
    key: 'readingClass',
    kind: 'SESSIONS',
    sessionType: 'READING_CLASS',
    minCount: 2,
    appliesTo: ['COMMITTEE', 'WORKING_COMMITTEE', 'LEADING_GROUP'],
  },
  { key: 'centralGroup', kind: 'SESSIONS', sessionType: 'CENTRAL_GROUP_STUDY', minCount: 1, appliesTo: ['COMMITTEE'] },
  {
    key: 'democraticLife',
    kind: 'SESSIONS',
    sessionType: 'DEMOCRATIC_LIFE_MEETING',
    minCount: 1,
    appliesTo: ['COMMITTEE', 'LEADING_GROUP'],
  },
  {
    key: 'themedPartyDay',
    kind: 'SESSIONS',
    sessionType: 'THEMED_PARTY_DAY',
    minCount: 1,
    appliesTo: ['BRANCH', 'GENERAL_BRANCH'],
  },
  { key: 'seminar', kind: 'SESSIONS', sessionType: 'SEMINAR', minCount: 1, appliesTo: [...ORGANIZATION_KINDS] },
];
