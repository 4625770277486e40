import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import type { Audience, SessionType } from '@/gql/graphql';

// Records, so that a value added to the schema fails the typecheck here until it is placed.
// The order people expect: study first, then 三会一课, then meetings of self-examination.
const SESSION_TYPE_ORDER: Record<SessionType, number> = {
  READING_CLASS: 0,
  CENTRAL_GROUP_STUDY: 1,
  THEMATIC_STUDY: 2,
  SEMINAR: 3,
  THEMED_PARTY_DAY: 4,
  BRANCH_GENERAL_MEETING: 5,
  BRANCH_COMMITTEE_MEETING: 6,
  PARTY_GROUP_MEETING: 7,
  PARTY_LECTURE: 8,
  ON_SITE_TEACHING: 9,
  CASE_STUDY: 10,
  DEMOCRATIC_LIFE_MEETING: 11,
  ORGANIZATIONAL_LIFE_MEETING: 12,
};

const AUDIENCE_ORDER: Record<Audience, number> = {
  TOP_LEADERS: 0,
  NEWLY_PROMOTED: 1,
  YOUNG_CADRES: 2,
  KEY_POSTS: 3,
};

export const SESSION_TYPES = (Object.keys(SESSION_TYPE_ORDER) as SessionType[]).sort(
  (a, b) => SESSION_TYPE_ORDER[a] - SESSION_TYPE_ORDER[b],
);

export const AUDIENCES = (Object.keys(AUDIENCE_ORDER) as Audience[]).sort((a, b) => AUDIENCE_ORDER[a] - AUDIENCE_ORDER[b]);

export function isSessionType(value: unknown): value is SessionType {
  return typeof value === 'string' && value in SESSION_TYPE_ORDER;
}

/** Labels of 学习活动 types and 学习对象 in the current language. */
export function useSessionType() {
  const { t } = useI18n();
  const sessionTypeLabel = (type: SessionType): string => t(`sessionType.${type}`);
  const audienceLabel = (audience: Audience): string => t(`audience.${audience}`);
  const sessionTypeOptions = computed(() => SESSION_TYPES.map((value) => ({ value, label: sessionTypeLabel(value) })));
  const audienceOptions = computed(() => AUDIENCES.map((value) => ({ value, label: audienceLabel(value) })));
  return { sessionTypeLabel, audienceLabel, sessionTypeOptions, audienceOptions };
}
