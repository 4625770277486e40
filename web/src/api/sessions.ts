import {
  AddStudyPlanItemDocument,
  DeleteStudySessionDocument,
  LogStudySessionDocument,
  RemoveStudyPlanItemDocument,
  StudyPlanDocument,
  StudySessionsDocument,
  UpdateStudySessionDocument,
  type LogStudySessionInput,
  type PlanItemInput,
  type SessionFieldsInput,
  type SessionType,
  type StudyPlanItemFieldsFragment,
  type StudySessionFieldsFragment,
  type StudySessionsQuery,
} from '@/gql/graphql';
import { request } from './client';
import { MAX_PAGE_SIZE } from './organizations';

export type { Audience, LogStudySessionInput, PlanItemInput, SessionFieldsInput, SessionType } from '@/gql/graphql';

export type StudySession = StudySessionFieldsFragment;
export type StudySessionPage = StudySessionsQuery['studySessions'];
export type StudyPlanItem = StudyPlanItemFieldsFragment;

export interface StudySessionFilter {
  campaignId: string;
  /** This unit only, or with `includeSubtree` its whole subtree; absent: every unit the caller reads. */
  organizationId?: string | null;
  includeSubtree?: boolean;
  type?: SessionType | null;
  /** Held on or after, YYYY-MM-DD. */
  from?: string | null;
  /** Held on or before, YYYY-MM-DD. */
  to?: string | null;
}

/** Latest first. */
export async function listStudySessions(
  filter: StudySessionFilter,
  page: { first?: number; after?: string | null } = {},
): Promise<StudySessionPage> {
  const { campaignId, organizationId = null, includeSubtree = false, type = null, from = null, to = null } = filter;
  const { first = 50, after = null } = page;
  return (
    await request(StudySessionsDocument, {
      campaignId,
      organizationId,
      includeSubtree,
      type,
      from,
      to,
      first: Math.min(first, MAX_PAGE_SIZE),
      after,
    })
  ).studySessions;
}

/**
 * The unit's secretary logs a session. `clientRequestId` is new for each submit and the same for a
 * retry of that submit: the server then returns the first session and creates nothing.
 */
export async function logStudySession(input: LogStudySessionInput): Promise<StudySession> {
  return (await request(LogStudySessionDocument, { input })).logStudySession;
}

/**
 * Version-checked; once the edit window has passed the server refuses with BAD_USER_INPUT on
 * `amendmentNote` until a note is sent.
 */
export async function updateStudySession(
  id: string,
  input: SessionFieldsInput,
  version: number,
  amendmentNote: string | null = null,
): Promise<StudySession> {
  return (await request(UpdateStudySessionDocument, { id, input, version, amendmentNote })).updateStudySession;
}

/** The session stops counting; the record and its audit trail stay. */
export async function deleteStudySession(id: string, reason: string | null): Promise<string> {
  return (await request(DeleteStudySessionDocument, { id, reason })).deleteStudySession.id;
}

export async function getStudyPlan(campaignId: string, organizationId: string): Promise<StudyPlanItem[]> {
  return (await request(StudyPlanDocument, { campaignId, organizationId })).studyPlan;
}

export async function addStudyPlanItem(input: PlanItemInput): Promise<StudyPlanItem> {
  return (await request(AddStudyPlanItemDocument, { input })).addStudyPlanItem;
}

export async function removeStudyPlanItem(id: string): Promise<string> {
  return (await request(RemoveStudyPlanItemDocument, { id })).removeStudyPlanItem.id;
}
