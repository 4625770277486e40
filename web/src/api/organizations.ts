import {
  ArchiveOrganizationDocument,
  CreateOrganizationDocument,
  ImportJobDocument,
  MoveOrganizationDocument,
  OrganizationChildrenDocument,
  OrganizationDocument,
  OrganizationNameDocument,
  SearchOrganizationsDocument,
  UpdateOrganizationDocument,
  type CreateOrganizationInput,
  type ImportJobQuery,
  type OrganizationChildrenQuery,
  type OrganizationDetailFragment,
  type SearchOrganizationsQuery,
  type UpdateOrganizationInput,
} from '@/gql/graphql';
import { networkError, postFile, request } from './client';

export type { CreateOrganizationInput, OrganizationKind, UpdateOrganizationInput } from '@/gql/graphql';

export type OrganizationDetail = OrganizationDetailFragment;
export type OrganizationPage = OrganizationChildrenQuery['organizations'];
export type OrganizationTreeItem = OrganizationPage['edges'][number]['node'];
export type OrganizationSearchResult = SearchOrganizationsQuery['organizations'];
export type OrganizationSearchItem = OrganizationSearchResult['edges'][number]['node'];
export type ImportJob = ImportJobQuery['importJob'];
export type ImportRowError = ImportJob['errors'][number];

/** The server's page size limit for connections. */
export const MAX_PAGE_SIZE = 200;

export async function getOrganization(id: string): Promise<OrganizationDetail> {
  return (await request(OrganizationDocument, { id })).organization;
}

/** Roots when `parentId` is null, otherwise the active children of `parentId`. */
export async function listOrganizations(params: {
  parentId: string | null;
  first?: number;
  after?: string | null;
}): Promise<OrganizationPage> {
  const { parentId, first = MAX_PAGE_SIZE, after = null } = params;
  return (await request(OrganizationChildrenDocument, { parentId, first, after })).organizations;
}

/** Name or code substring, within `parentId`'s subtree when given. */
export async function searchOrganizations(params: {
  search: string;
  parentId?: string | null;
  first?: number;
}): Promise<OrganizationSearchResult> {
  const { search, parentId = null, first = 50 } = params;
  return (await request(SearchOrganizationsDocument, { search, parentId, first })).organizations;
}

export async function createOrganization(input: CreateOrganizationInput): Promise<OrganizationDetail> {
  return (await request(CreateOrganizationDocument, { input })).createOrganization;
}

/** `version` is the one the user saw; a stale version is answered with `CONFLICT`. */
export async function updateOrganization(id: string, input: UpdateOrganizationInput, version: number): Promise<OrganizationDetail> {
  return (await request(UpdateOrganizationDocument, { id, input, version })).updateOrganization;
}

export async function moveOrganization(id: string, newParentId: string): Promise<OrganizationDetail> {
  return (await request(MoveOrganizationDocument, { id, newParentId })).moveOrganization;
}

/** Archives the unit and its whole subtree. */
export async function archiveOrganization(id: string): Promise<OrganizationDetail> {
  return (await request(ArchiveOrganizationDocument, { id })).archiveOrganization;
}

/** Sends an XLSX or CSV file of units; the import runs in the background as a job. */
export async function uploadImport(file: File): Promise<string> {
  const body = await postFile<{ jobId?: string }>('/api/imports/organizations', file);
  if (!body.jobId) throw networkError();
  return body.jobId;
}

/** Name and code only; cheaper than the detail when a unit only needs a label. */
export async function getOrganizationName(id: string): Promise<{ id: string; code: string; name: string }> {
  return (await request(OrganizationNameDocument, { id })).organization;
}

export async function getImportJob(id: string): Promise<ImportJob> {
  return (await request(ImportJobDocument, { id })).importJob;
}
