import { signedIn } from './accounts.js';
import { day, launchCampaign } from './campaigns.js';
import { createUnit } from './organizations.js';
import type { TestApp } from '../setup/test-app.js';

export const PROBLEM_FIELDS = `id version status resolution scope personName deadline deadlineChanges sentBack overdue daysLeft nextDeadline
  availableActions organization { id }
  measures { id content owner deadline deliverable completedOn overdue }
  flags { kind measureId similarProblemId similarity }
  records { seq action actorName note evidence hash }
  ledgerIntegrity { ok firstBrokenSeq records }`;

export const REPORT = `mutation($input: ReportProblemInput!) { reportProblem(input: $input) { ${PROBLEM_FIELDS} } }`;

export function problemInput(campaignId: string, organizationId: string, overrides: Record<string, unknown> = {}) {
  return {
    campaignId,
    organizationId,
    scope: 'TEAM',
    category: 'PERFORMANCE_VIEW',
    source: 'SELF_EXAMINATION',
    description: `重大项目决策前调研论证不充分，存在“拍脑袋”决策倾向 ${Math.random().toString(36).slice(2)}`,
    foundOn: day(-3),
    rectificationKind: 'BY_DEADLINE',
    responsibleLeader: '李书记',
    deadline: day(30),
    measures: [
      {
        content: `建立重大项目决策前调研论证制度 ${Math.random().toString(36).slice(2)}`,
        owner: '王主任',
        deadline: day(20),
        deliverable: '印发《重大项目决策论证办法》',
      },
    ],
    ...overrides,
  };
}

/** One step of the workflow, as GraphQL text taking `$p` (the problem id) and the step's own argument. */
export const STEP = {
  PROGRESS: `mutation($p: ID!) { recordRectificationProgress(problemId: $p, note: "已召开专题会议部署整改") { ${PROBLEM_FIELDS} } }`,
  SUBMITTED: `mutation($p: ID!) { submitRectification(problemId: $p, note: "整改措施已全部落实") { ${PROBLEM_FIELDS} } }`,
  EXPLAINED: `mutation($p: ID!) { explainProblem(problemId: $p, note: "经核实系正常程序，不属于问题") { ${PROBLEM_FIELDS} } }`,
  VERIFIED: `mutation($p: ID!) { verifyProblem(problemId: $p, note: "经验收整改到位，同意销号") { ${PROBLEM_FIELDS} } }`,
  REJECTED: `mutation($p: ID!) { rejectRectification(problemId: $p, reason: "佐证材料不充分") { ${PROBLEM_FIELDS} } }`,
  REOPENED: `mutation($p: ID!) { reopenProblem(problemId: $p, reason: "巡察发现问题反弹") { ${PROBLEM_FIELDS} } }`,
  SENT_BACK: `mutation($p: ID!) { sendBackProblem(problemId: $p, reason: "整改措施空泛，请细化") { ${PROBLEM_FIELDS} } }`,
} as const;

export type StepName = keyof typeof STEP;

/**
 * A county with two branches, and everyone who acts on their problems: each branch's secretary,
 * the county leader (above both), a leader holding a grant at branch A itself, and an auditor.
 */
export async function problemCounty(app: TestApp, adminToken: string) {
  app.token = adminToken;
  const county = await createUnit(app, { name: '中共测试县委员会' });
  const branchA = await createUnit(app, { parentId: county.id, name: '甲村党支部', kind: 'BRANCH' });
  const branchB = await createUnit(app, { parentId: county.id, name: '乙村党支部', kind: 'BRANCH' });
  const leader = await signedIn(app, county.id, ['LEADER']);
  const campaign = await launchCampaign(app, leader.token, county.id);
  return {
    county,
    branchA,
    branchB,
    campaign,
    leader,
    secretaryA: await signedIn(app, branchA.id, ['SECRETARY']),
    secretaryB: await signedIn(app, branchB.id, ['SECRETARY']),
    leaderAtA: await signedIn(app, branchA.id, ['LEADER']),
    leaderAtB: await signedIn(app, branchB.id, ['LEADER']),
    auditor: await signedIn(app, county.id, ['AUDITOR']),
  };
}
