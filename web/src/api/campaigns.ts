import {
  ActivateCampaignDocument,
  CampaignDocument,
  CampaignsDocument,
  CloseCampaignDocument,
  ExemptUnitDocument,
  ExemptedUnitsDocument,
  IncludeUnitDocument,
  LaunchCampaignDocument,
  RecordCampaignLaunchDocument,
  UnitCampaignStatusDocument,
  UpdateCampaignDocument,
  type CampaignFieldsFragment,
  type CampaignInput,
  type CampaignStatus,
  type CampaignUnitFieldsFragment,
  type CampaignsQuery,
  type ExemptedUnitsQuery,
  type LaunchCampaignInput,
  type RequirementFieldsFragment,
  type UnitCampaignStatusQuery,
} from '@/gql/graphql';
import { request } from './client';
import { MAX_PAGE_SIZE } from './organizations';

export type { CampaignInput, CampaignStatus, LaunchCampaignInput, RequirementInput, RequirementKind } from '@/gql/graphql';

export type Campaign = CampaignFieldsFragment;
export type CampaignPage = CampaignsQuery['campaigns'];
export type Requirement = RequirementFieldsFragment;
export type CampaignUnit = CampaignUnitFieldsFragment;
export type UnitCampaignStatus = UnitCampaignStatusQuery['unitCampaignStatus'];
export type RequirementProgress = UnitCampaignStatus['requirements'][number];

/** Campaigns covering the caller's units or launched within its reach, newest first. */
export async function listCampaigns(
  params: { status?: CampaignStatus | null; first?: number; after?: string | null } = {},
): Promise<CampaignPage> {
  const { status = null, first = 50, after = null } = params;
  return (await request(CampaignsDocument, { status, first: Math.min(first, MAX_PAGE_SIZE), after })).campaigns;
}

/** Every campaign of the given status the caller reads, page after page (there are few). */
export async function listAllCampaigns(status: CampaignStatus | null = null): Promise<Campaign[]> {
  const all: Campaign[] = [];
  let after: string | null = null;
  for (;;) {
    const page: CampaignPage = await listCampaigns({ status, first: 100, after });
    all.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return all;
    after = page.pageInfo.endCursor;
  }
}

export async function getCampaign(id: string): Promise<Campaign> {
  return (await request(CampaignDocument, { id })).campaign;
}

/** LEADER or ADMIN at the scope unit; every active unit in its subtree takes part. */
export async function launchCampaign(input: LaunchCampaignInput): Promise<Campaign> {
  return (await request(LaunchCampaignDocument, { input })).launchCampaign;
}

/** Requirements are replaced as a whole; a stale `version` is answered with `CONFLICT`. */
export async function updateCampaign(id: string, input: CampaignInput, version: number): Promise<Campaign> {
  return (await request(UpdateCampaignDocument, { id, input, version })).updateCampaign;
}

/** A DRAFT becomes ACTIVE (or a closed campaign opens again). */
export async function activateCampaign(id: string): Promise<Campaign> {
  return (await request(ActivateCampaignDocument, { id })).activateCampaign;
}

/** Nothing more is logged once closed. */
export async function closeCampaign(id: string): Promise<Campaign> {
  return (await request(CloseCampaignDocument, { id })).closeCampaign;
}

/** 免于参加: approved by the launching side, which is recorded with the reason. */
export async function exemptUnit(campaignId: string, organizationId: string, reason: string): Promise<CampaignUnit> {
  return (await request(ExemptUnitDocument, { campaignId, organizationId, reason })).exemptUnit;
}

/** The campaign's exempted units the caller reads, each with its unit and who approved it. */
export async function listExemptedUnits(campaignId: string): Promise<ExemptedUnitsQuery['campaignUnits']> {
  return (await request(ExemptedUnitsDocument, { campaignId })).campaignUnits;
}

/** Takes an exempted unit back into the campaign. */
export async function includeUnit(campaignId: string, organizationId: string): Promise<CampaignUnit> {
  return (await request(IncludeUnitDocument, { campaignId, organizationId })).includeUnit;
}

/** 启动部署: the unit's secretary records the day the unit launched the campaign. */
export async function recordCampaignLaunch(campaignId: string, organizationId: string, launchedOn: string): Promise<CampaignUnit> {
  return (await request(RecordCampaignLaunchDocument, { campaignId, organizationId, launchedOn })).recordCampaignLaunch;
}

export async function getUnitCampaignStatus(campaignId: string, organizationId: string): Promise<UnitCampaignStatus> {
  return (await request(UnitCampaignStatusDocument, { campaignId, organizationId })).unitCampaignStatus;
}
