import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { OptionalProps, type Ref } from '@mikro-orm/core';
import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import { Organization } from '../organizations/organization.entity.js';

/** One stored file, named by its content: the same bytes uploaded twice are kept once. */
@Entity({ tableName: 'evidence_file' })
export class EvidenceFile {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'character', length: 64 })
  sha256!: string;

  @Property({ type: 'integer' })
  size!: number;

  @Property({ type: 'string', length: 100 })
  mediaType!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}

/** 佐证材料 as a unit holds it: a file uploaded for that unit, under the name it was given. */
@ObjectType({ description: '佐证材料: an evidence file uploaded for a unit.' })
@Entity({ tableName: 'evidence_upload' })
export class EvidenceUpload {
  [OptionalProps]?: 'uploadedAt' | 'uploadedBy';

  @Field({ description: 'Hex sha256 of the content; records cite evidence by it.' })
  @PrimaryKey({ type: 'character', length: 64 })
  sha256!: string;

  @ManyToOne(() => Organization, { ref: true, primary: true, deleteRule: 'restrict' })
  organization!: Ref<Organization>;

  @Field()
  @Property({ type: 'string', length: 255 })
  fileName!: string;

  @Field()
  @Property({ type: 'string', length: 100 })
  mediaType!: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  size!: number;

  @Property({ type: 'integer', nullable: true })
  uploadedBy?: number | null;

  @Field(() => GraphQLISODateTime)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  uploadedAt: Date = new Date();
}
