import { RequirementKind } from '../campaigns/campaign.entity.js';
import { addDays } from '../common/dates.js';
import { OrganizationKind } from '../organizations/organization-kind.js';
import { SessionType } from '../sessions/session-type.js';
import { DEMO_SECRETARY_UNIT_CODE, prng } from './city-tree.js';

const { COMMITTEE, LEADING_GROUP, WORKING_COMMITTEE, GENERAL_BRANCH, BRANCH } = OrganizationKind;

export const DEMO_CAMPAIGN_TITLE = '树立和践行正确政绩观学习教育';

/** The 规定动作 of the demo campaign, per unit kind. */
export const DEMO_REQUIREMENTS = [
  {
    title: '至少举办 2 期读书班',
    sessionType: SessionType.READING_CLASS,
    minCount: 2,
    appliesTo: [COMMITTEE, LEADING_GROUP, WORKING_COMMITTEE, GENERAL_BRANCH, BRANCH],
  },
  { title: '理论学习中心组专题学习', sessionType: SessionType.CENTRAL_GROUP_STUDY, minCount: 1, appliesTo: [COMMITTEE, LEADING_GROUP] },
  { title: '开展专题研讨', sessionType: SessionType.SEMINAR, minCount: 1, appliesTo: [COMMITTEE, LEADING_GROUP, WORKING_COMMITTEE] },
  { title: '召开专题民主生活会', sessionType: SessionType.DEMOCRATIC_LIFE_MEETING, minCount: 1, appliesTo: [COMMITTEE, LEADING_GROUP] },
  { title: '开展主题党日活动', sessionType: SessionType.THEMED_PARTY_DAY, minCount: 1, appliesTo: [GENERAL_BRANCH, BRANCH] },
].map((r) => ({ ...r, kind: RequirementKind.SESSIONS }));

export const DEMO_CHECKLIST_REQUIREMENT = {
  title: '形成查摆问题清单',
  kind: RequirementKind.PROBLEM_CHECKLIST,
  sessionType: null,
  minCount: 1,
  appliesTo: Object.values(OrganizationKind),
};

const TOPICS: Record<string, string[]> = {
  [SessionType.READING_CLASS]: ['学习《习近平关于树立和践行正确政绩观论述摘编》', '读原著学原文悟原理专题读书班', '党的创新理论读书班'],
  [SessionType.CENTRAL_GROUP_STUDY]: ['深入学习贯彻正确政绩观专题学习', '理论学习中心组集体学习'],
  [SessionType.SEMINAR]: ['围绕“为谁创造业绩、创造什么样的业绩、怎样创造业绩”专题研讨', '对照检视政绩观偏差专题研讨'],
  [SessionType.DEMOCRATIC_LIFE_MEETING]: ['学习教育专题民主生活会'],
  [SessionType.THEMED_PARTY_DAY]: ['“践行正确政绩观 争当实干先锋”主题党日', '重温入党誓词主题党日'],
};
const PLACES = ['党员活动室', '会议室', '新时代文明实践站', '党群服务中心'];

export interface DemoSessionUnit {
  id: number;
  code: string;
  kind: OrganizationKind;
  memberCount: number;
}

export interface DemoSession {
  organizationId: number;
  type: SessionType;
  topic: string;
  heldOn: string;
  hours: number;
  expected: number;
  actual: number;
  location: string;
}

/**
 * Sessions for the demo campaign: about a third of the units have met every requirement, most have
 * started, some have not. The demo secretary's branch still needs one 读书班, so logging it shows the
 * checklist turn complete. Deterministic for a given start day.
 */
export function buildDemoSessions(units: DemoSessionUnit[], startsOn: string, today: string): DemoSession[] {
  const random = prng(2026);
  const span = Math.max(1, Math.round((Date.parse(today) - Date.parse(startsOn)) / 86_400_000));
  const sessions: DemoSession[] = [];
  for (const unit of units) {
    const demoBranch = unit.code === DEMO_SECRETARY_UNIT_CODE;
    const diligence = demoBranch ? 0.5 : random();
    for (const requirement of DEMO_REQUIREMENTS.filter((r) => r.appliesTo.includes(unit.kind))) {
      const count = demoBranch
        ? requirement.sessionType === SessionType.READING_CLASS
          ? 1
          : requirement.minCount
        : diligence > 0.66
          ? requirement.minCount
          : diligence > 0.2
            ? Math.floor(random() * (requirement.minCount + 1))
            : 0;
      for (let i = 0; i < count; i++) {
        const topics = TOPICS[requirement.sessionType];
        const expected = Math.max(5, Math.min(unit.memberCount, 60));
        sessions.push({
          organizationId: unit.id,
          type: requirement.sessionType,
          topic: topics[Math.floor(random() * topics.length)],
          heldOn: addDays(startsOn, 1 + Math.floor(random() * (span - 1))),
          hours: [2, 2.5, 3, 4][Math.floor(random() * 4)],
          expected,
          actual: expected - Math.floor(random() * Math.min(4, expected)),
          location: PLACES[Math.floor(random() * PLACES.length)],
        });
      }
    }
  }
  return sessions;
}
