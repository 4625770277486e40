import { addDays } from '../common/dates.js';
import { OrganizationKind } from '../organizations/organization-kind.js';
import {
  ProblemCategory,
  ProblemResolution,
  ProblemScope,
  ProblemSource,
  ProblemStatus,
  RecordAction,
  RectificationKind,
} from '../problems/problem.enums.js';
import { DEMO_SECRETARY_UNIT_CODE, prng } from './city-tree.js';
import type { DemoSessionUnit } from './demo-campaign.js';

/** Problems found in the demo campaign, each a pair of what was found and how it is being fixed. */
const FINDINGS: { category: ProblemCategory; description: string; measure: string; deliverable: string }[] = [
  {
    category: ProblemCategory.PERFORMANCE_VIEW,
    description: '重显绩轻潜绩，个别产业项目未经充分论证即上马，存在“拍脑袋”决策现象',
    measure: '对近三年新建产业项目逐一复盘评估，建立项目决策前调研论证制度',
    deliverable: '印发《重大项目决策论证办法》',
  },
  {
    category: ProblemCategory.WORK_STYLE,
    description: '深入基层调查研究不够，到村组走访次数少，对群众急难愁盼问题掌握不全面',
    measure: '班子成员每月至少到联系点走访 2 次，建立民情台账并按月销号',
    deliverable: '民情台账 1 本，走访记录 24 份',
  },
  {
    category: ProblemCategory.FORMALISM,
    description: '会议文件偏多，部分工作以会议落实会议、以文件落实文件，基层填表报数负担重',
    measure: '清理精简各类报表和会议，合并同类事项，严控发文数量',
    deliverable: '报表清单压减 30%，形成精简清单',
  },
  {
    category: ProblemCategory.IDEOLOGY,
    description: '理论学习存在以干代学现象，学习习近平新时代中国特色社会主义思想不够系统深入',
    measure: '制定班子成员个人自学计划，每季度开展 1 次专题研讨并交流心得',
    deliverable: '学习计划 1 份，研讨发言材料',
  },
  {
    category: ProblemCategory.INTEGRITY,
    description: '公务接待管理不够规范，个别接待超标准、无公函',
    measure: '全面清查近一年公务接待台账，修订公务接待管理制度',
    deliverable: '修订《公务接待管理办法》',
  },
  {
    category: ProblemCategory.PERFORMANCE_VIEW,
    description: '村集体经济发展思路不清，合作社连续两年未分红，资产闲置',
    measure: '制定村集体经济发展三年规划，盘活闲置资产，引进经营主体',
    deliverable: '发展规划 1 份，资产盘活清单',
  },
];
const LEADERS = ['张建国', '李明华', '王志强', '刘红梅', '陈德顺', '杨光荣'];
const OWNERS = ['办公室', '组织委员', '宣传委员', '纪检委员', '村委会主任', '分管副书记'];
const SOURCES = [ProblemSource.SELF_EXAMINATION, ProblemSource.PUBLIC_OPINION, ProblemSource.SUPERIOR_REVIEW, ProblemSource.HEART_TO_HEART];

export interface DemoRecord {
  action: RecordAction;
  actorName: string;
  day: string;
  note: string;
  payload: Record<string, unknown>;
}

export interface DemoProblem {
  organizationId: number;
  scope: ProblemScope;
  personName: string | null;
  category: ProblemCategory;
  source: ProblemSource;
  description: string;
  foundOn: string;
  rectificationKind: RectificationKind;
  responsibleLeader: string;
  deadline: string;
  status: ProblemStatus;
  resolution: ProblemResolution | null;
  measure: { content: string; owner: string; deadline: string; deliverable: string; completedOn: string | null };
  records: DemoRecord[];
}

/**
 * Problems for the demo in every status, some overdue: committees and about one branch in four list
 * one or two; the demo secretary's branch has one being fixed, ready to submit. Deterministic.
 */
export function buildDemoProblems(units: DemoSessionUnit[], startsOn: string, today: string): DemoProblem[] {
  const random = prng(5);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const problems: DemoProblem[] = [];
  for (const unit of units) {
    const demoBranch = unit.code === DEMO_SECRETARY_UNIT_CODE;
    const lists = demoBranch || unit.kind !== OrganizationKind.BRANCH || random() < 0.25;
    if (!lists) continue;
    const count = demoBranch ? 1 : 1 + Math.floor(random() * 2);
    for (let i = 0; i < count; i++) {
      const finding = pick(FINDINGS);
      const foundOn = addDays(startsOn, 3 + Math.floor(random() * 10));
      // Deadlines from three weeks ago to two months ahead: those past and not rectified are overdue.
      const deadline = addDays(today, -21 + Math.floor(random() * 80));
      const roll = demoBranch ? 0.3 : random();
      const status =
        roll < 0.2
          ? ProblemStatus.OPEN
          : roll < 0.55
            ? ProblemStatus.IN_PROGRESS
            : roll < 0.75
              ? ProblemStatus.RECTIFIED
              : ProblemStatus.VERIFIED;
      const individual = random() < 0.2;
      const leader = pick(LEADERS);
      const step = (n: number) =>
        addDays(foundOn, Math.min(n * 4, Math.max(0, Math.round((Date.parse(today) - Date.parse(foundOn)) / 86_400_000))));
      const records: DemoRecord[] = [{ action: RecordAction.REPORTED, actorName: 'demo-secretary', day: foundOn, note: '', payload: {} }];
      if (status !== ProblemStatus.OPEN) {
        records.push({
          action: RecordAction.PROGRESS,
          actorName: 'demo-secretary',
          day: step(1),
          note: '召开专题会议研究部署整改，明确责任分工',
          payload: { from: 'OPEN', to: 'IN_PROGRESS' },
        });
      }
      if (status === ProblemStatus.RECTIFIED || status === ProblemStatus.VERIFIED) {
        records.push({
          action: RecordAction.SUBMITTED,
          actorName: 'demo-secretary',
          day: step(2),
          note: '整改措施已全部落实，提请验收',
          payload: { from: 'IN_PROGRESS', to: 'RECTIFIED', resolution: 'FIXED' },
        });
      }
      if (status === ProblemStatus.VERIFIED) {
        records.push({
          action: RecordAction.VERIFIED,
          actorName: 'demo-county-leader',
          day: step(3),
          note: '经实地查看，整改到位，同意销号',
          payload: { from: 'RECTIFIED', to: 'VERIFIED', resolution: 'FIXED' },
        });
      }
      const done = status === ProblemStatus.RECTIFIED || status === ProblemStatus.VERIFIED;
      problems.push({
        organizationId: unit.id,
        scope: individual ? ProblemScope.INDIVIDUAL : ProblemScope.TEAM,
        personName: individual ? leader : null,
        category: finding.category,
        source: pick(SOURCES),
        description: finding.description,
        foundOn,
        rectificationKind: RectificationKind.BY_DEADLINE,
        responsibleLeader: leader,
        deadline: deadline < foundOn ? addDays(foundOn, 14) : deadline,
        status,
        resolution: done ? ProblemResolution.FIXED : null,
        measure: {
          content: finding.measure,
          owner: pick(OWNERS),
          deadline: deadline < foundOn ? addDays(foundOn, 14) : deadline,
          deliverable: finding.deliverable,
          completedOn: done ? step(2) : null,
        },
        records,
      });
    }
  }
  return problems;
}
