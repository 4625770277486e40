import { Entity, Index, ManyToOne, OneToMany, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Collection, OptionalProps, type Ref } from '@mikro-orm/core';
import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { Organization } from '../organizations/organization.entity.js';
import { Grant } from './grant.entity.js';

export const USERNAME_MAX = 64;
export const DISPLAY_NAME_MAX = 100;

@ObjectType({ description: 'A person who signs in. Belongs to one unit; what it may do comes from its grants.' })
@Entity({ tableName: 'app_user' })
@Index({ properties: ['organization'] })
export class User {
  [OptionalProps]?: 'disabled' | 'mustChangePassword' | 'version' | 'createdAt' | 'updatedAt' | 'lastLoginAt' | 'grants';

  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field({ description: 'Sign-in name, lower case, unique.' })
  @Property({ type: 'string', length: USERNAME_MAX, unique: true })
  username!: string;

  @Field({ description: '姓名.' })
  @Property({ type: 'string', length: DISPLAY_NAME_MAX })
  displayName!: string;

  /** scrypt; never leaves the accounts module. */
  @Property({ type: 'string', length: 255, hidden: true, lazy: true })
  passwordHash!: string;

  /** The unit the person belongs to; the admins above it manage the account. */
  @ManyToOne(() => Organization, { ref: true, deleteRule: 'restrict' })
  organization!: Ref<Organization>;

  @Field({ description: 'A disabled user cannot sign in; its sessions end.' })
  @Property({ type: 'boolean', default: false })
  disabled: boolean = false;

  @Field({ description: 'Set for accounts an admin created or reset: the next step must be changePassword.' })
  @Property({ type: 'boolean', default: true })
  mustChangePassword: boolean = true;

  @OneToMany(() => Grant, (grant) => grant.user)
  grants = new Collection<Grant>(this);

  @Field(() => Int)
  @Property({ version: true, type: 'integer', default: 1 })
  version!: number;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  lastLoginAt?: Date | null;

  @Field(() => GraphQLISODateTime)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
