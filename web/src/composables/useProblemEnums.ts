import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import type {
  CommitmentKind,
  CommitmentStatus,
  FeedbackChannel,
  FixAction,
  FlagKind,
  ProblemCategory,
  ProblemResolution,
  ProblemScope,
  ProblemSource,
  ProblemStatus,
  RecordAction,
  RectificationKind,
} from '@/gql/graphql';

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger';

// Records, so that a value added to the schema fails the typecheck here until it is placed.
// Their key order is the order people see in selects (the workflow order, DESIGN.md's lists).
const STATUS_TAG: Record<ProblemStatus, TagType> = {
  OPEN: 'danger',
  IN_PROGRESS: 'warning',
  RECTIFIED: 'primary',
  VERIFIED: 'success',
};
const SCOPES: Record<ProblemScope, true> = { TEAM: true, INDIVIDUAL: true };
const SOURCES: Record<ProblemSource, true> = {
  SELF_EXAMINATION: true,
  PUBLIC_OPINION: true,
  SUPERIOR_REVIEW: true,
  INSPECTION: true,
  AUDIT: true,
  HEART_TO_HEART: true,
};
const CATEGORIES: Record<ProblemCategory, true> = {
  IDEOLOGY: true,
  PERFORMANCE_VIEW: true,
  WORK_STYLE: true,
  INTEGRITY: true,
  FORMALISM: true,
  OTHER: true,
};
const KINDS: Record<RectificationKind, true> = { IMMEDIATE: true, BY_DEADLINE: true, ONGOING: true };
const FIX_ACTIONS: Record<FixAction, true> = { ADOPTED: true, REVISED: true, ABOLISHED: true };
const COMMITMENT_KINDS: Record<CommitmentKind, true> = { PEOPLE: true, ENTERPRISE: true };
const COMMITMENT_STATUS_TAG: Record<CommitmentStatus, TagType> = { PLEDGED: 'info', IN_PROGRESS: 'warning', DONE: 'success' };
const CHANNELS: Record<FeedbackChannel, true> = { ONLINE_MESSAGE: true, LETTER: true, VISIT: true, HOTLINE: true, SURVEY: true };

/** Timeline dot colours by step: closing green, refusals red, the unit's own steps blue. */
const ACTION_TAG: Record<RecordAction, TagType> = {
  REPORTED: 'info',
  UPDATED: 'info',
  DEADLINE_CHANGED: 'warning',
  PROGRESS: 'primary',
  MEASURE_COMPLETED: 'primary',
  SUBMITTED: 'primary',
  EXPLAINED: 'primary',
  VERIFIED: 'success',
  REJECTED: 'danger',
  REOPENED: 'danger',
  SENT_BACK: 'danger',
  FIX_LINKED: 'info',
};

const keys = <T extends string>(record: Record<T, unknown>) => Object.keys(record) as T[];

export const PROBLEM_STATUSES = keys(STATUS_TAG);
export const PROBLEM_SCOPES = keys(SCOPES);
export const PROBLEM_SOURCES = keys(SOURCES);
export const PROBLEM_CATEGORIES = keys(CATEGORIES);
export const RECTIFICATION_KINDS = keys(KINDS);
export const FIX_ACTION_VALUES = keys(FIX_ACTIONS);
export const COMMITMENT_KIND_VALUES = keys(COMMITMENT_KINDS);
export const COMMITMENT_STATUSES = keys(COMMITMENT_STATUS_TAG);
export const FEEDBACK_CHANNELS = keys(CHANNELS);

/** Labels (and tag colours) of the problem, feedback and commitment enums in the current language. */
export function useProblemEnums() {
  const { t } = useI18n();
  const options = <T extends string>(values: readonly T[], label: (value: T) => string) =>
    computed(() => values.map((value) => ({ value, label: label(value) })));

  const statusLabel = (value: ProblemStatus) => t(`problemStatus.${value}`);
  const scopeLabel = (value: ProblemScope) => t(`problemScope.${value}`);
  const sourceLabel = (value: ProblemSource) => t(`problemSource.${value}`);
  const categoryLabel = (value: ProblemCategory) => t(`problemCategory.${value}`);
  const kindLabel = (value: RectificationKind) => t(`rectificationKind.${value}`);
  const actionLabel = (value: RecordAction) => t(`recordAction.${value}`);
  const flagLabel = (value: FlagKind) => t(`flagKind.${value}`);
  const resolutionLabel = (value: ProblemResolution) => t(`problemResolution.${value}`);
  const fixActionLabel = (value: FixAction) => t(`fixAction.${value}`);
  const commitmentKindLabel = (value: CommitmentKind) => t(`commitmentKind.${value}`);
  const commitmentStatusLabel = (value: CommitmentStatus) => t(`commitmentStatus.${value}`);
  const channelLabel = (value: FeedbackChannel) => t(`feedbackChannel.${value}`);

  return {
    statusLabel,
    statusTagType: (value: ProblemStatus) => STATUS_TAG[value],
    scopeLabel,
    sourceLabel,
    categoryLabel,
    kindLabel,
    actionLabel,
    actionTagType: (value: RecordAction) => ACTION_TAG[value],
    flagLabel,
    resolutionLabel,
    fixActionLabel,
    commitmentKindLabel,
    commitmentStatusLabel,
    commitmentStatusTagType: (value: CommitmentStatus) => COMMITMENT_STATUS_TAG[value],
    channelLabel,
    statusOptions: options(PROBLEM_STATUSES, statusLabel),
    scopeOptions: options(PROBLEM_SCOPES, scopeLabel),
    sourceOptions: options(PROBLEM_SOURCES, sourceLabel),
    categoryOptions: options(PROBLEM_CATEGORIES, categoryLabel),
    kindOptions: options(RECTIFICATION_KINDS, kindLabel),
    fixActionOptions: options(FIX_ACTION_VALUES, fixActionLabel),
    commitmentKindOptions: options(COMMITMENT_KIND_VALUES, commitmentKindLabel),
    channelOptions: options(FEEDBACK_CHANNELS, channelLabel),
  };
}
