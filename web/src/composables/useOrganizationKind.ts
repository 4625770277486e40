import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import type { OrganizationKind } from '@/gql/graphql';

// A Record, so that a kind added to the schema fails the typecheck here until it is placed.
const KIND_ORDER: Record<OrganizationKind, number> = {
  COMMITTEE: 0,
  LEADING_GROUP: 1,
  WORKING_COMMITTEE: 2,
  GENERAL_BRANCH: 3,
  BRANCH: 4,
};

export const ORGANIZATION_KINDS = (Object.keys(KIND_ORDER) as OrganizationKind[]).sort((a, b) => KIND_ORDER[a] - KIND_ORDER[b]);

export function useOrganizationKind() {
  const { t } = useI18n();
  const kindLabel = (kind: OrganizationKind): string => t(`organizationKind.${kind}`);
  const kindOptions = computed(() => ORGANIZATION_KINDS.map((value) => ({ value, label: kindLabel(value) })));
  return { kindLabel, kindOptions };
}
