import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../common/pagination.js';
import { Problem } from './problem.entity.js';

@ObjectType({ description: 'A page of problems, newest first.' })
export class ProblemConnection extends Connection(Problem) {}

@ObjectType({ description: 'Whether a problem’s ledger still hashes to what was written.' })
export class LedgerIntegrity {
  @Field()
  ok!: boolean;

  @Field(() => Int, { nullable: true, description: 'The first record that does not hold, if any.' })
  firstBrokenSeq!: number | null;

  @Field(() => Int)
  records!: number;
}

@ObjectType({ description: 'Problem figures of a unit (or subtree) in a campaign.' })
export class ProblemFigures {
  @Field(() => Int, { description: '查摆问题 found.' })
  found!: number;

  @Field(() => Int)
  open!: number;

  @Field(() => Int)
  inProgress!: number;

  @Field(() => Int, { description: 'Submitted, awaiting verification.' })
  rectified!: number;

  @Field(() => Int, { description: '已销号.' })
  verified!: number;

  @Field(() => Int, { description: 'Past a deadline and not yet rectified.' })
  overdue!: number;

  @Field(() => Int, { description: 'Deadline changes (延期) recorded.' })
  deadlineChanges!: number;

  @Field(() => Int, { description: 'Problems carrying formalism flags.' })
  flagged!: number;

  @Field(() => Float, { description: '整改率: rectified or verified out of found (0 when none).' })
  rectificationRate!: number;

  @Field(() => Float, { description: '销号率: verified out of found (0 when none).' })
  verificationRate!: number;
}
