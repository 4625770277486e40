import {
  CommitmentsDocument,
  PledgeCommitmentDocument,
  RecordCommitmentProgressDocument,
  type CommitmentFieldsFragment,
  type CommitmentInput,
  type CommitmentStatus,
  type CommitmentsQuery,
} from '@/gql/graphql';
import { request } from './client';
import { MAX_PAGE_SIZE } from './organizations';
import type { PageRequest, UnitFilter } from './problems';

export type { CommitmentInput, CommitmentKind, CommitmentStatus } from '@/gql/graphql';

export type Commitment = CommitmentFieldsFragment;
export type CommitmentPage = CommitmentsQuery['commitments'];

/** Soonest due first. */
export async function listCommitments(
  filter: UnitFilter & { status?: CommitmentStatus | null },
  page: PageRequest = {},
): Promise<CommitmentPage> {
  const { campaignId, organizationId = null, includeSubtree = false, status = null } = filter;
  const { first = 50, after = null } = page;
  return (
    await request(CommitmentsDocument, {
      campaignId,
      organizationId,
      includeSubtree: organizationId ? includeSubtree : false,
      status,
      first: Math.min(first, MAX_PAGE_SIZE),
      after,
    })
  ).commitments;
}

export async function pledgeCommitment(input: CommitmentInput): Promise<Commitment> {
  return (await request(PledgeCommitmentDocument, { input })).pledgeCommitment;
}

/** A progress note; `done` marks the pledge fulfilled (已办结), after which nothing more is recorded. */
export async function recordCommitmentProgress(commitmentId: string, note: string, done: boolean): Promise<Commitment> {
  return (await request(RecordCommitmentProgressDocument, { commitmentId, note, done })).recordCommitmentProgress;
}
