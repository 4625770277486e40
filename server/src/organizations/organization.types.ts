import { ObjectType } from '@nestjs/graphql';
import { Connection } from '../common/pagination.js';
import { Organization } from './organization.entity.js';

@ObjectType({ description: 'A page of units.' })
export class OrganizationConnection extends Connection(Organization) {}
