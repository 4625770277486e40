import { registerEnumType } from '@nestjs/graphql';

export enum ProblemScope {
  TEAM = 'TEAM',
  INDIVIDUAL = 'INDIVIDUAL',
}
registerEnumType(ProblemScope, { name: 'ProblemScope', description: '班子问题 (TEAM) or 个人问题 (INDIVIDUAL, names the person).' });

export enum ProblemSource {
  SELF_EXAMINATION = 'SELF_EXAMINATION',
  PUBLIC_OPINION = 'PUBLIC_OPINION',
  SUPERIOR_REVIEW = 'SUPERIOR_REVIEW',
  INSPECTION = 'INSPECTION',
  AUDIT = 'AUDIT',
  HEART_TO_HEART = 'HEART_TO_HEART',
}
registerEnumType(ProblemSource, { name: 'ProblemSource', description: '问题来源: 自查, 征求意见, 上级点评, 巡视巡察, 审计, 谈心谈话.' });

export enum ProblemCategory {
  IDEOLOGY = 'IDEOLOGY',
  PERFORMANCE_VIEW = 'PERFORMANCE_VIEW',
  WORK_STYLE = 'WORK_STYLE',
  INTEGRITY = 'INTEGRITY',
  FORMALISM = 'FORMALISM',
  OTHER = 'OTHER',
}
registerEnumType(ProblemCategory, { name: 'ProblemCategory', description: '思想认识, 政绩观偏差, 作风, 廉洁, 形式主义官僚主义, 其他.' });

export enum RectificationKind {
  IMMEDIATE = 'IMMEDIATE',
  BY_DEADLINE = 'BY_DEADLINE',
  ONGOING = 'ONGOING',
}
registerEnumType(RectificationKind, { name: 'RectificationKind', description: '立行立改 / 限期整改 / 长期坚持.' });

export enum ProblemStatus {
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  RECTIFIED = 'RECTIFIED',
  VERIFIED = 'VERIFIED',
}
registerEnumType(ProblemStatus, { name: 'ProblemStatus', description: '待整改 → 整改中 → 已整改(待验收) → 已销号.' });

export enum ProblemResolution {
  FIXED = 'FIXED',
  NOT_A_PROBLEM = 'NOT_A_PROBLEM',
}
registerEnumType(ProblemResolution, {
  name: 'ProblemResolution',
  description: 'How a submitted or closed problem was resolved: FIXED (整改到位) or NOT_A_PROBLEM (不属于问题, 仅作说明).',
});

/** What a rectification record says happened. */
export enum RecordAction {
  REPORTED = 'REPORTED',
  UPDATED = 'UPDATED',
  DEADLINE_CHANGED = 'DEADLINE_CHANGED',
  PROGRESS = 'PROGRESS',
  MEASURE_COMPLETED = 'MEASURE_COMPLETED',
  SUBMITTED = 'SUBMITTED',
  EXPLAINED = 'EXPLAINED',
  VERIFIED = 'VERIFIED',
  REJECTED = 'REJECTED',
  REOPENED = 'REOPENED',
  SENT_BACK = 'SENT_BACK',
  FIX_LINKED = 'FIX_LINKED',
}
registerEnumType(RecordAction, { name: 'RecordAction', description: 'One step in a problem’s fix-up ledger (整改台账).' });

export enum FlagKind {
  NO_DELIVERABLE = 'NO_DELIVERABLE',
  NO_DEADLINE = 'NO_DEADLINE',
  SIMILAR_DESCRIPTION = 'SIMILAR_DESCRIPTION',
  SIMILAR_MEASURE = 'SIMILAR_MEASURE',
}
registerEnumType(FlagKind, {
  name: 'FlagKind',
  description:
    '形式主义 signs: a measure with no concrete deliverable or no deadline; a description or measure nearly identical to another unit’s.',
});
