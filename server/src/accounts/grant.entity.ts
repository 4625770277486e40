import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Organization } from '../organizations/organization.entity.js';
import { Role } from '../authorization/role.js';
import { User } from './user.entity.js';

@ObjectType({ description: 'A role at one unit, reaching its whole subtree (SECRETARY: the unit itself).' })
@Entity({ tableName: 'role_grant' })
@Unique({ properties: ['user', 'organization', 'role'] })
@Index({ properties: ['organization'] })
export class Grant {
  [OptionalProps]?: 'createdAt' | 'createdBy';

  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: Rel<User>;

  @Field(() => Role)
  @Enum({ items: () => Role })
  role!: Role;

  @ManyToOne(() => Organization, { deleteRule: 'restrict' })
  organization!: Rel<Organization>;

  @Property({ type: 'integer', nullable: true })
  createdBy?: number | null;

  @Field(() => GraphQLISODateTime)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
