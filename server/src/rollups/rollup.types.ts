import { ArgsType, Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsInt, IsString, Max, Min } from 'class-validator';
import { Connection, PageArgs } from '../common/pagination.js';
import { Organization } from '../organizations/organization.entity.js';
import { ProblemStatus } from '../problems/problem.enums.js';
import { COLUMNS, FIGURE_INDEX, statusColumn } from './figures.js';

@ObjectType({ description: 'A count by an enum value (a SessionType, ProblemScope, ProblemSource or ProblemCategory).' })
export class FigureCount {
  @Field()
  key!: string;

  @Field(() => Int)
  count!: number;
}

/** Figures in COLUMNS order (see figures.ts); absent: all zero. */
export type FigureValues = ArrayLike<number> | undefined;
const rate = (part: number, whole: number) => (whole ? part / whole : 0);
export const counts = <T extends string>(values: FigureValues, keys: Record<string, T>, column: (v: T) => string): FigureCount[] =>
  Object.values(keys).map((key) => ({ key, count: values?.[FIGURE_INDEX[column(key)]] ?? 0 }));

const at = (column: string) => {
  if (!(column in FIGURE_INDEX)) throw new Error(`No figure column ${column}`);
  return FIGURE_INDEX[column];
};
const PARTICIPATING = at('participating');
const EXEMPT = at('exempt');
const LAUNCHED = at('launched');
const COMPLETE = at('complete');
const BEHIND = at('behind');
const SESSIONS = at('sessions');
const HOURS = at('hours');
const EXPECTED_ATTENDANCE = at('expected_attendance');
const ACTUAL_ATTENDANCE = at('actual_attendance');
const PROBLEMS = at('problems');
const OPEN = at(statusColumn(ProblemStatus.OPEN));
const IN_PROGRESS = at(statusColumn(ProblemStatus.IN_PROGRESS));
const RECTIFIED = at(statusColumn(ProblemStatus.RECTIFIED));
const VERIFIED = at(statusColumn(ProblemStatus.VERIFIED));
const OVERDUE = at('problems_overdue');
const INSTITUTIONAL_FIXES = at('institutional_fixes');
const COMMITMENTS = at('commitments');
const COMMITMENTS_DONE = at('commitments_done');
const FEEDBACK = at('feedback');
const FEEDBACK_REPLIED = at('feedback_replied');

@ObjectType({ description: 'Rollup figures of a unit in a campaign: its own, or summed over its subtree.' })
export class RollupFigures {
  @Field(() => Int, { description: '参加单位: in the campaign’s scope, not archived, not exempt.' })
  participating!: number;

  @Field(() => Int, { description: '免于参加 units.' })
  exempt!: number;

  @Field(() => Int, { description: 'Participating units that recorded their 启动部署.' })
  launched!: number;

  @Field(() => Int, { description: 'Participating units meeting every requirement.' })
  complete!: number;

  @Field(() => Float, { description: '完成率: complete out of participating.' })
  completionRate!: number;

  @Field(() => Int, { description: 'Participating units behind: not launched, no session within the idle days, or overdue problems.' })
  behind!: number;

  @Field(() => Int)
  sessions!: number;

  @Field(() => Float, { description: '学时.' })
  hours!: number;

  @Field(() => Float)
  expectedAttendance!: number;

  @Field(() => Float)
  actualAttendance!: number;

  @Field(() => Float, { description: '参学率: actual out of expected attendance.' })
  attendanceRate!: number;

  @Field(() => Int, { description: '查摆问题 found.' })
  problems!: number;

  @Field(() => Int)
  open!: number;

  @Field(() => Int)
  inProgress!: number;

  @Field(() => Int, { description: 'Submitted, awaiting verification.' })
  rectified!: number;

  @Field(() => Int, { description: '已销号.' })
  verified!: number;

  @Field(() => Int, { description: '逾期: past a deadline and not yet rectified.' })
  overdue!: number;

  @Field(() => Float, { description: '整改率: rectified or verified out of found.' })
  rectificationRate!: number;

  @Field(() => Float, { description: '销号率: verified out of found.' })
  verificationRate!: number;

  @Field(() => Int, { description: '制度建设 adopted, revised or abolished.' })
  institutionalFixes!: number;

  @Field(() => Int, { description: '惠民实事 / 惠企实事 pledged.' })
  commitments!: number;

  @Field(() => Int)
  commitmentsDone!: number;

  @Field(() => Int, { description: '群众意见 received.' })
  feedback!: number;

  @Field(() => Int)
  feedbackReplied!: number;

  @Field(() => Float, { description: '办结率: replied out of received.' })
  feedbackRate!: number;

  /** The figures the counts by type, scope, source and category are read from, when asked for. */
  values?: FigureValues;

  /** From a `rollup_own` or `rollup_subtree` row's figures in COLUMNS order. */
  static of(values: FigureValues): RollupFigures {
    const v = (index: number) => values?.[index] ?? 0;
    const problems = v(PROBLEMS);
    const rectified = v(RECTIFIED);
    const verified = v(VERIFIED);
    return {
      participating: v(PARTICIPATING),
      exempt: v(EXEMPT),
      launched: v(LAUNCHED),
      complete: v(COMPLETE),
      completionRate: rate(v(COMPLETE), v(PARTICIPATING)),
      behind: v(BEHIND),
      sessions: v(SESSIONS),
      hours: v(HOURS),
      expectedAttendance: v(EXPECTED_ATTENDANCE),
      actualAttendance: v(ACTUAL_ATTENDANCE),
      attendanceRate: rate(v(ACTUAL_ATTENDANCE), v(EXPECTED_ATTENDANCE)),
      problems,
      open: v(OPEN),
      inProgress: v(IN_PROGRESS),
      rectified,
      verified,
      overdue: v(OVERDUE),
      rectificationRate: rate(rectified + verified, problems),
      verificationRate: rate(verified, problems),
      institutionalFixes: v(INSTITUTIONAL_FIXES),
      commitments: v(COMMITMENTS),
      commitmentsDone: v(COMMITMENTS_DONE),
      feedback: v(FEEDBACK),
      feedbackReplied: v(FEEDBACK_REPLIED),
      feedbackRate: rate(v(FEEDBACK_REPLIED), v(FEEDBACK)),
      values,
    };
  }

  /** From figures by column name. */
  static ofSums(sums: Readonly<Record<string, number>>): RollupFigures {
    return RollupFigures.of(COLUMNS.map((column) => sums[column] ?? 0));
  }
}

export enum RollupOrder {
  CODE = 'CODE',
  NAME = 'NAME',
  PARTICIPATING = 'PARTICIPATING',
  LAUNCHED = 'LAUNCHED',
  COMPLETE = 'COMPLETE',
  COMPLETION_RATE = 'COMPLETION_RATE',
  BEHIND = 'BEHIND',
  SESSIONS = 'SESSIONS',
  HOURS = 'HOURS',
  ATTENDANCE_RATE = 'ATTENDANCE_RATE',
  PROBLEMS = 'PROBLEMS',
  RECTIFIED = 'RECTIFIED',
  VERIFIED = 'VERIFIED',
  OVERDUE = 'OVERDUE',
  RECTIFICATION_RATE = 'RECTIFICATION_RATE',
  VERIFICATION_RATE = 'VERIFICATION_RATE',
  INSTITUTIONAL_FIXES = 'INSTITUTIONAL_FIXES',
  COMMITMENTS_DONE = 'COMMITMENTS_DONE',
  FEEDBACK_RATE = 'FEEDBACK_RATE',
}
registerEnumType(RollupOrder, { name: 'RollupOrder', description: 'The figure children are ranked by.' });

const ratio = (part: string, whole: string) => `(r.${part}::float8 / nullif(r.${whole}, 0))`;

/** The SQL each ranking sorts on, over `o` (organization) and `r` (rollup_subtree). */
export const ORDER_SQL: Record<RollupOrder, string> = {
  CODE: 'o.code',
  NAME: 'o.name',
  PARTICIPATING: 'r.participating',
  LAUNCHED: 'r.launched',
  COMPLETE: 'r.complete',
  COMPLETION_RATE: ratio('complete', 'participating'),
  BEHIND: 'r.behind',
  SESSIONS: 'r.sessions',
  HOURS: 'r.hours',
  ATTENDANCE_RATE: ratio('actual_attendance', 'expected_attendance'),
  PROBLEMS: 'r.problems',
  RECTIFIED: `(r.${statusColumn(ProblemStatus.RECTIFIED)} + r.${statusColumn(ProblemStatus.VERIFIED)})`,
  VERIFIED: `r.${statusColumn(ProblemStatus.VERIFIED)}`,
  OVERDUE: 'r.problems_overdue',
  RECTIFICATION_RATE: `((r.${statusColumn(ProblemStatus.RECTIFIED)} + r.${statusColumn(ProblemStatus.VERIFIED)})::float8 / nullif(r.problems, 0))`,
  VERIFICATION_RATE: ratio(statusColumn(ProblemStatus.VERIFIED), 'problems'),
  INSTITUTIONAL_FIXES: 'r.institutional_fixes',
  COMMITMENTS_DONE: 'r.commitments_done',
  FEEDBACK_RATE: ratio('feedback_replied', 'feedback'),
};

@ArgsType()
export class RollupArgs {
  @Field(() => ID)
  @IsString()
  campaignId!: string;

  @Field(() => ID)
  @IsString()
  organizationId!: string;
}

@ArgsType()
export class RollupChildrenArgs {
  @Field(() => RollupOrder, { defaultValue: RollupOrder.CODE })
  @IsEnum(RollupOrder)
  orderBy: RollupOrder = RollupOrder.CODE;

  @Field({ defaultValue: false, description: 'Largest first (units without the figure last).' })
  @IsBoolean()
  descending: boolean = false;

  @Field(() => Int, { defaultValue: 500, description: 'At most this many children, 1 to 2000.' })
  @IsInt()
  @Min(1)
  @Max(2000)
  first: number = 500;
}

@ArgsType()
export class RollupTrendArgs {
  @Field(() => Int, { defaultValue: 12, description: 'Weeks up to this one, 1 to 104.' })
  @IsInt()
  @Min(1)
  @Max(104)
  weeks: number = 12;
}

@ObjectType({ description: 'A child unit with its subtree figures.' })
export class RollupChild {
  @Field(() => Organization)
  organization!: Organization;

  @Field(() => RollupFigures)
  figures!: RollupFigures;
}

@ObjectType({ description: 'Subtree figures as they stood at the end of a week (or now, for this week).' })
export class RollupWeek {
  @Field({ description: 'The Monday the week starts on, YYYY-MM-DD.' })
  week!: string;

  @Field(() => Int)
  participating!: number;

  @Field(() => Int)
  launched!: number;

  @Field(() => Int)
  complete!: number;

  @Field(() => Int)
  sessions!: number;

  @Field(() => Float)
  hours!: number;

  @Field(() => Int)
  problems!: number;

  @Field(() => Int, { description: 'Rectified or verified.' })
  rectified!: number;

  @Field(() => Int)
  verified!: number;

  @Field(() => Int)
  overdue!: number;
}

@ObjectType({ description: 'A unit and its campaign figures over its whole subtree; own figures, children, ranking and trend on demand.' })
export class Rollup {
  campaignId!: number;

  @Field(() => Organization)
  organization!: Organization;

  @Field(() => RollupFigures, { description: 'Summed over the unit and every unit below it.' })
  figures!: RollupFigures;

  /** The children by code, read with the unit. */
  firstChildren!: RollupChild[];

  /** The caller reads this unit alone (a secretary): no children, no subtree sums. */
  ownOnly!: boolean;
}

export enum BehindReason {
  NOT_LAUNCHED = 'NOT_LAUNCHED',
  IDLE = 'IDLE',
  OVERDUE = 'OVERDUE',
}
registerEnumType(BehindReason, {
  name: 'BehindReason',
  description: 'NOT_LAUNCHED: no 启动部署 recorded; IDLE: no session within the idle days; OVERDUE: problems past a deadline.',
});

@ObjectType({ description: 'A participating unit behind in a campaign, and why.' })
export class UnitBehind {
  @Field(() => Organization)
  organization!: Organization;

  @Field(() => [BehindReason])
  reasons!: BehindReason[];

  @Field(() => String, { nullable: true, description: 'The latest session’s day, YYYY-MM-DD.' })
  lastSessionOn!: string | null;

  @Field(() => Int)
  overdueProblems!: number;
}

@ObjectType({ description: 'A page of units behind, by unit id.' })
export class UnitBehindConnection extends Connection(UnitBehind) {}

@ArgsType()
export class UnitsBehindArgs extends PageArgs {
  @Field(() => ID)
  @IsString()
  campaignId!: string;

  @Field(() => ID)
  @IsString()
  organizationId!: string;
}
