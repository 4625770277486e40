import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { OrganizationKind } from './organization-kind.js';

/**
 * What anyone may see of a unit on their breadcrumbs, even above their reach: enough to name it,
 * nothing to read through it.
 */
@ObjectType({ description: 'A unit named on a breadcrumb: id, code, name, kind and depth only.' })
export class OrganizationSummary {
  @Field(() => ID)
  id!: number;

  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field(() => OrganizationKind)
  kind!: OrganizationKind;

  @Field(() => Int)
  depth!: number;
}
