import { registerEnumType } from '@nestjs/graphql';

export enum SessionType {
  READING_CLASS = 'READING_CLASS',
  CENTRAL_GROUP_STUDY = 'CENTRAL_GROUP_STUDY',
  THEMATIC_STUDY = 'THEMATIC_STUDY',
  SEMINAR = 'SEMINAR',
  THEMED_PARTY_DAY = 'THEMED_PARTY_DAY',
  BRANCH_GENERAL_MEETING = 'BRANCH_GENERAL_MEETING',
  BRANCH_COMMITTEE_MEETING = 'BRANCH_COMMITTEE_MEETING',
  PARTY_GROUP_MEETING = 'PARTY_GROUP_MEETING',
  PARTY_LECTURE = 'PARTY_LECTURE',
  ON_SITE_TEACHING = 'ON_SITE_TEACHING',
  CASE_STUDY = 'CASE_STUDY',
  DEMOCRATIC_LIFE_MEETING = 'DEMOCRATIC_LIFE_MEETING',
  ORGANIZATIONAL_LIFE_MEETING = 'ORGANIZATIONAL_LIFE_MEETING',
}

registerEnumType(SessionType, {
  name: 'SessionType',
  description: '学习活动类型.',
  valuesMap: {
    READING_CLASS: { description: '读书班' },
    CENTRAL_GROUP_STUDY: { description: '理论学习中心组学习' },
    THEMATIC_STUDY: { description: '专题学习会' },
    SEMINAR: { description: '专题研讨' },
    THEMED_PARTY_DAY: { description: '主题党日' },
    BRANCH_GENERAL_MEETING: { description: '支部党员大会' },
    BRANCH_COMMITTEE_MEETING: { description: '支委会' },
    PARTY_GROUP_MEETING: { description: '党小组会' },
    PARTY_LECTURE: { description: '党课' },
    ON_SITE_TEACHING: { description: '现场教学 / 观摩' },
    CASE_STUDY: { description: '案例剖析 / 警示教育' },
    DEMOCRATIC_LIFE_MEETING: { description: '民主生活会' },
    ORGANIZATIONAL_LIFE_MEETING: { description: '组织生活会' },
  },
});

export enum Audience {
  TOP_LEADERS = 'TOP_LEADERS',
  NEWLY_PROMOTED = 'NEWLY_PROMOTED',
  YOUNG_CADRES = 'YOUNG_CADRES',
  KEY_POSTS = 'KEY_POSTS',
}

registerEnumType(Audience, {
  name: 'Audience',
  description: '学习对象.',
  valuesMap: {
    TOP_LEADERS: { description: '一把手' },
    NEWLY_PROMOTED: { description: '新提拔干部' },
    YOUNG_CADRES: { description: '年轻干部' },
    KEY_POSTS: { description: '关键岗位干部' },
  },
});
