import {
  ConvertFeedbackToProblemDocument,
  FeedbackFiguresDocument,
  FeedbackInboxDocument,
  ReceiveFeedbackDocument,
  ReplyFeedbackDocument,
  type FeedbackFieldsFragment,
  type FeedbackFiguresQuery,
  type FeedbackInboxQuery,
  type FeedbackInput,
  type ProblemFieldsInput,
} from '@/gql/graphql';
import { request } from './client';
import { MAX_PAGE_SIZE } from './organizations';
import type { PageRequest, UnitFilter } from './problems';

export type { FeedbackChannel, FeedbackInput } from '@/gql/graphql';

export type Feedback = FeedbackFieldsFragment;
export type FeedbackPage = FeedbackInboxQuery['feedbackInbox'];
export type FeedbackFigures = FeedbackFiguresQuery['feedbackFigures'];

export interface FeedbackFilter extends UnitFilter {
  /** true: replied only; false: awaiting a reply; null: all. */
  replied?: boolean | null;
}

/** The inbox, newest first. */
export async function listFeedback(filter: FeedbackFilter, page: PageRequest = {}): Promise<FeedbackPage> {
  const { campaignId, organizationId = null, includeSubtree = false, replied = null } = filter;
  const { first = 50, after = null } = page;
  return (
    await request(FeedbackInboxDocument, {
      campaignId,
      organizationId,
      includeSubtree: organizationId ? includeSubtree : false,
      replied,
      first: Math.min(first, MAX_PAGE_SIZE),
      after,
    })
  ).feedbackInbox;
}

/** 办结率 of the same units as the inbox (never narrowed by the replied filter). */
export async function getFeedbackFigures(filter: UnitFilter): Promise<FeedbackFigures> {
  const { campaignId, organizationId = null, includeSubtree = false } = filter;
  return (await request(FeedbackFiguresDocument, { campaignId, organizationId, includeSubtree: organizationId ? includeSubtree : false }))
    .feedbackFigures;
}

export async function receiveFeedback(input: FeedbackInput): Promise<Feedback> {
  return (await request(ReceiveFeedbackDocument, { input })).receiveFeedback;
}

export async function replyFeedback(feedbackId: string, reply: string): Promise<Feedback> {
  return (await request(ReplyFeedbackDocument, { feedbackId, reply })).replyFeedback;
}

/** Lists the feedback as a problem of its unit (source 征求意见); converting twice yields the one problem. */
export async function convertFeedbackToProblem(feedbackId: string, input: ProblemFieldsInput): Promise<{ id: string }> {
  return (await request(ConvertFeedbackToProblemDocument, { feedbackId, input })).convertFeedbackToProblem;
}
