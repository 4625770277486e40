import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { BigIntType, OptionalProps, type Rel } from '@mikro-orm/core';
import { User } from './user.entity.js';

/** One signed-in token; logout, a password change or disabling the user revokes it. */
@Entity({ tableName: 'user_session' })
@Index({ properties: ['user'] })
export class UserSession {
  [OptionalProps]?: 'createdAt' | 'revokedAt';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: Rel<User>;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date | null;
}

/** A failed sign-in, by the name typed (which may not exist); five in 15 minutes lock that name. */
@Entity({ tableName: 'login_failure' })
@Index({ properties: ['username', 'at'] })
export class LoginFailure {
  [OptionalProps]?: 'at';

  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @Property({ type: 'string', length: 255 })
  username!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  at: Date = new Date();
}
