import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { OptionalProps } from '@mikro-orm/core';
import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum ImportJobStatus {
  QUEUED = 'QUEUED',
  VALIDATING = 'VALIDATING',
  IMPORTING = 'IMPORTING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}

export enum ImportKind {
  ORGANIZATIONS = 'ORGANIZATIONS',
  USERS = 'USERS',
}

registerEnumType(ImportKind, { name: 'ImportKind', description: 'What a file imports: units or user accounts.' });

registerEnumType(ImportJobStatus, {
  name: 'ImportJobStatus',
  description: 'QUEUED → VALIDATING → IMPORTING → SUCCEEDED, or FAILED with nothing imported.',
});

@ObjectType({ description: 'One bad row of an import file, or a problem with the whole file (row 0).' })
export class ImportRowError {
  @Field(() => Int, { description: 'Spreadsheet row number (the header is row 1); 0 for the whole file.' })
  row!: number;

  @Field(() => String, { nullable: true, description: 'The column at fault.' })
  field!: string | null;

  @Field({ description: 'Stable message key, e.g. import/unknown-parent.' })
  code!: string;

  @Field({ description: 'Message in Chinese.' })
  message!: string;

  @Field({ description: 'Message in English.' })
  messageEn!: string;
}

@ObjectType({ description: 'A bulk import: all rows validated first, then all imported or none.' })
@Entity({ tableName: 'import_job' })
@Index({ name: 'import_job_unfinished_index', properties: ['createdAt'], where: "status in ('QUEUED', 'VALIDATING', 'IMPORTING')" })
export class ImportJob {
  [OptionalProps]?:
    'kind' | 'status' | 'total' | 'processed' | 'imported' | 'errorCount' | 'errors' | 'createdAt' | 'createdBy' | 'finishedAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Field(() => ImportKind)
  @Enum({ items: () => ImportKind, default: ImportKind.ORGANIZATIONS })
  kind: ImportKind = ImportKind.ORGANIZATIONS;

  @Field(() => ImportJobStatus)
  @Enum({ items: () => ImportJobStatus })
  status: ImportJobStatus = ImportJobStatus.QUEUED;

  @Field()
  @Property({ type: 'string', length: 255 })
  fileName!: string;

  /** Where the uploaded file waits, so a restart resumes the job instead of losing it. */
  @Property({ type: 'string', length: 500 })
  storedAs!: string;

  @Field(() => Int, { description: 'Data rows in the file.' })
  @Property({ type: 'integer', default: 0 })
  total: number = 0;

  @Field(() => Int, { description: 'Rows handled so far in the current phase (validating, then importing).' })
  @Property({ type: 'integer', default: 0 })
  processed: number = 0;

  @Field(() => Int, { description: 'Records created (only when SUCCEEDED).' })
  @Property({ type: 'integer', default: 0 })
  imported: number = 0;

  @Field(() => Int, { description: 'Number of problems found; `errors` lists the first 10,000.' })
  @Property({ type: 'integer', default: 0 })
  errorCount: number = 0;

  @Field(() => [ImportRowError])
  @Property({ type: 'json', default: '[]' })
  errors: ImportRowError[] = [];

  @Property({ type: 'integer', nullable: true })
  createdBy?: number | null;

  @Field(() => GraphQLISODateTime)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  finishedAt?: Date | null;
}
