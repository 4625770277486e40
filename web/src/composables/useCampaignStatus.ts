import { useI18n } from 'vue-i18n';
import type { CampaignStatus } from '@/gql/graphql';

// A Record, so that a status added to the schema fails the typecheck here until it gets a colour.
const STATUS_TAG: Record<CampaignStatus, 'info' | 'success' | 'warning'> = {
  DRAFT: 'warning',
  ACTIVE: 'success',
  CLOSED: 'info',
};

export const CAMPAIGN_STATUSES: readonly CampaignStatus[] = ['ACTIVE', 'DRAFT', 'CLOSED'];

export function useCampaignStatus() {
  const { t } = useI18n();
  const statusLabel = (status: CampaignStatus): string => t(`campaignStatus.${status}`);
  const statusTagType = (status: CampaignStatus) => STATUS_TAG[status];
  return { statusLabel, statusTagType };
}
