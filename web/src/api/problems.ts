import {
  CompleteMeasureDocument,
  ExplainProblemDocument,
  InstitutionalFixesDocument,
  ProblemDocument,
  ProblemFiguresDocument,
  ProblemsDocument,
  RecordInstitutionalFixDocument,
  RecordRectificationProgressDocument,
  RejectRectificationDocument,
  ReopenProblemDocument,
  ReportProblemDocument,
  SendBackProblemDocument,
  SubmitRectificationDocument,
  UpdateProblemDocument,
  VerificationQueueDocument,
  VerifyProblemDocument,
  type InstitutionalFixFieldsFragment,
  type InstitutionalFixInput,
  type InstitutionalFixesQuery,
  type ProblemCategory,
  type ProblemDetailFieldsFragment,
  type ProblemFieldsInput,
  type ProblemFiguresQuery,
  type ProblemRowFieldsFragment,
  type ProblemScope,
  type ProblemSource,
  type ProblemStatus,
  type ProblemsQuery,
  type RectificationRecordFieldsFragment,
  type ReportProblemInput,
} from '@/gql/graphql';
import { request } from './client';
import { MAX_PAGE_SIZE } from './organizations';

export type {
  FixAction,
  FlagKind,
  InstitutionalFixInput,
  MeasureInput,
  ProblemCategory,
  ProblemFieldsInput,
  ProblemResolution,
  ProblemScope,
  ProblemSource,
  ProblemStatus,
  RecordAction,
  RectificationKind,
  ReportProblemInput,
} from '@/gql/graphql';

export type ProblemRow = ProblemRowFieldsFragment;
export type ProblemDetail = ProblemDetailFieldsFragment;
export type ProblemMeasure = ProblemDetail['measures'][number];
export type FormalismFlag = ProblemDetail['flags'][number];
export type RectificationRecord = RectificationRecordFieldsFragment;
export type ProblemPage = ProblemsQuery['problems'];
export type ProblemFigures = ProblemFiguresQuery['problemFigures'];
export type InstitutionalFix = InstitutionalFixFieldsFragment;
export type InstitutionalFixPage = InstitutionalFixesQuery['institutionalFixes'];

/** Where to read: one unit, with `includeSubtree` its subtree; no unit: every unit the caller reads. */
export interface UnitFilter {
  campaignId: string;
  organizationId?: string | null;
  includeSubtree?: boolean;
}

export interface ProblemFilter extends UnitFilter {
  status?: ProblemStatus | null;
  scope?: ProblemScope | null;
  source?: ProblemSource | null;
  category?: ProblemCategory | null;
  /** true: only overdue; false: only the others; null: both. */
  overdue?: boolean | null;
  flagged?: boolean | null;
}

export interface PageRequest {
  first?: number;
  after?: string | null;
}

/** The checklist, newest first. */
export async function listProblems(filter: ProblemFilter, page: PageRequest = {}): Promise<ProblemPage> {
  const { campaignId, organizationId = null, includeSubtree = false } = filter;
  const { first = 50, after = null } = page;
  return (
    await request(ProblemsDocument, {
      campaignId,
      organizationId,
      includeSubtree: organizationId ? includeSubtree : false,
      status: filter.status ?? null,
      scope: filter.scope ?? null,
      source: filter.source ?? null,
      category: filter.category ?? null,
      overdue: filter.overdue ?? null,
      flagged: filter.flagged ?? null,
      first: Math.min(first, MAX_PAGE_SIZE),
      after,
    })
  ).problems;
}

export async function getProblemFigures(filter: UnitFilter): Promise<ProblemFigures> {
  const { campaignId, organizationId = null, includeSubtree = false } = filter;
  return (await request(ProblemFiguresDocument, { campaignId, organizationId, includeSubtree: organizationId ? includeSubtree : true }))
    .problemFigures;
}

/** With its measures, flags, the whole ledger and whether the ledger still hashes. */
export async function getProblem(id: string): Promise<ProblemDetail> {
  return (await request(ProblemDocument, { id })).problem;
}

/** Rectified problems of units below the caller's LEADER grants, awaiting 验收销号. */
export async function listVerificationQueue(campaignId: string | null, page: PageRequest = {}): Promise<ProblemPage> {
  const { first = 50, after = null } = page;
  return (await request(VerificationQueueDocument, { campaignId, first: Math.min(first, MAX_PAGE_SIZE), after })).verificationQueue;
}

/** `clientRequestId` is new for each submit and reused for its retry: the server then creates nothing new. */
export async function reportProblem(input: ReportProblemInput): Promise<ProblemDetail> {
  return (await request(ReportProblemDocument, { input })).reportProblem;
}

/** Version-checked (CONFLICT when stale); a changed deadline needs `deadlineChangeReason` (延期). */
export async function updateProblem(
  id: string,
  input: ProblemFieldsInput,
  version: number,
  deadlineChangeReason: string | null = null,
): Promise<ProblemDetail> {
  return (await request(UpdateProblemDocument, { id, input, version, deadlineChangeReason })).updateProblem;
}

/** The workflow steps the unit takes with a note and evidence (sha256 of files uploaded for the unit). */
export type UnitStep = 'PROGRESS' | 'SUBMITTED' | 'EXPLAINED';
/** The steps a leader above takes with a note (验收意见) or a reason. */
export type VerifierStep = 'VERIFIED' | 'REJECTED' | 'REOPENED' | 'SENT_BACK';

export async function takeUnitStep(step: UnitStep, problemId: string, note: string, evidence: string[]): Promise<ProblemDetail> {
  const variables = { problemId, note, evidence };
  switch (step) {
    case 'PROGRESS':
      return (await request(RecordRectificationProgressDocument, variables)).recordRectificationProgress;
    case 'SUBMITTED':
      return (await request(SubmitRectificationDocument, variables)).submitRectification;
    case 'EXPLAINED':
      return (await request(ExplainProblemDocument, variables)).explainProblem;
  }
}

export async function takeVerifierStep(step: VerifierStep, problemId: string, text: string): Promise<ProblemDetail> {
  switch (step) {
    case 'VERIFIED':
      return (await request(VerifyProblemDocument, { problemId, note: text })).verifyProblem;
    case 'REJECTED':
      return (await request(RejectRectificationDocument, { problemId, reason: text })).rejectRectification;
    case 'REOPENED':
      return (await request(ReopenProblemDocument, { problemId, reason: text })).reopenProblem;
    case 'SENT_BACK':
      return (await request(SendBackProblemDocument, { problemId, reason: text })).sendBackProblem;
  }
}

export async function completeMeasure(problemId: string, measureId: string, note: string, evidence: string[]): Promise<ProblemDetail> {
  return (await request(CompleteMeasureDocument, { problemId, measureId, note, evidence })).completeMeasure;
}

/** 制度建设 of the units read, newest first. */
export async function listInstitutionalFixes(filter: UnitFilter, page: PageRequest = {}): Promise<InstitutionalFixPage> {
  const { campaignId, organizationId = null, includeSubtree = false } = filter;
  const { first = 50, after = null } = page;
  return (
    await request(InstitutionalFixesDocument, {
      campaignId,
      organizationId,
      includeSubtree: organizationId ? includeSubtree : false,
      first: Math.min(first, MAX_PAGE_SIZE),
      after,
    })
  ).institutionalFixes;
}

export async function recordInstitutionalFix(input: InstitutionalFixInput): Promise<InstitutionalFix> {
  return (await request(RecordInstitutionalFixDocument, { input })).recordInstitutionalFix;
}
