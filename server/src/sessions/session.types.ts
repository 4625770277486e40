import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import { Requirement } from '../campaigns/campaign.entity.js';
import { Connection } from '../common/pagination.js';
import { StudySession } from './study-session.entity.js';

@ObjectType({ description: 'A page of study sessions, latest first.' })
export class StudySessionConnection extends Connection(StudySession) {}

@ObjectType({ description: 'One requirement for one unit: done out of required.' })
export class RequirementProgress {
  @Field(() => Requirement)
  requirement!: Requirement;

  @Field(() => Int)
  done!: number;

  @Field(() => Int)
  required!: number;

  @Field()
  met!: boolean;
}

@ObjectType({ description: 'A unit in a campaign: whether it takes part, when it launched, and its requirement checklist.' })
export class UnitCampaignStatus {
  @Field({ description: 'In scope, active and not exempted.' })
  participating!: boolean;

  @Field()
  exempt!: boolean;

  @Field(() => String, { nullable: true })
  exemptReason!: string | null;

  @Field(() => String, { nullable: true, description: 'Who approved the exemption.' })
  exemptedBy!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  exemptedAt!: Date | null;

  @Field(() => String, { nullable: true, description: '启动部署 date.' })
  launchedOn!: string | null;

  @Field(() => [RequirementProgress], { description: 'The requirements that apply to the unit’s kind.' })
  requirements!: RequirementProgress[];

  @Field({ description: 'Participating and every requirement met.' })
  complete!: boolean;
}
