import { computed, reactive, ref, shallowRef, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { listAllCampaigns, type Campaign } from '@/api/campaigns';
import type { UnitOption } from '@/components/UnitPicker.vue';
import { useAuthStore } from '@/stores/auth';
import { showError } from '@/utils/errors';

const queryValue = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

/**
 * The campaign and the units a page of issue-5 records looks at (problems, feedback, commitments):
 * a secretary starts at their own unit, leaders and auditors at everything they read, with a unit
 * picker and "include subtree". The campaign and unit follow the URL (`?campaign=&unit=`), so a link
 * or a reload shows the same list. Returned reactive: read `scope.campaignId`, change it with the setters.
 */
export function useCampaignScope() {
  const route = useRoute();
  const router = useRouter();
  const auth = useAuthStore();

  const unique = (options: UnitOption[]) => options.filter((unit, index, all) => all.findIndex((other) => other.id === unit.id) === index);

  /** The units whose records the user keeps (SECRETARY grants). */
  const secretaryUnits = computed<UnitOption[]>(() =>
    unique(
      auth.grantsWith('SECRETARY').map(({ organization }) => ({ id: organization.id, name: organization.name, code: organization.code })),
    ),
  );
  /** The tops of the subtrees the user reads (LEADER, AUDITOR, ADMIN grants), shallowest first. */
  const readerUnits = computed<UnitOption[]>(() =>
    unique(
      auth
        .grantsWith('LEADER', 'AUDITOR', 'ADMIN')
        .sort((a, b) => a.organization.depth - b.organization.depth)
        .map(({ organization }) => ({ id: organization.id, name: organization.name, code: organization.code })),
    ),
  );
  const readsSubtrees = computed(() => readerUnits.value.length > 0);

  const campaigns = shallowRef<Campaign[]>([]);
  const campaignId = ref<string | null>(null);
  const loadingCampaigns = ref(false);
  const campaign = computed(() => campaigns.value.find((item) => item.id === campaignId.value) ?? null);

  const wantedUnit = queryValue(route.query.unit);
  const ownUnits = secretaryUnits.value.map((unit) => unit.id);
  // A secretary only reads their own unit; someone who also reads subtrees may pick any unit in them.
  const unitId = ref<string | null>(
    wantedUnit && (readsSubtrees.value || ownUnits.includes(wantedUnit)) ? wantedUnit : (ownUnits[0] ?? null),
  );
  const includeSubtree = ref(true);

  /** Lists may hold records of several units: worth a unit column. */
  const manyUnits = computed(() => readsSubtrees.value && (!unitId.value || includeSubtree.value));

  /** The unit whose records the user may add now: the picked unit when they are its secretary, in an active campaign. */
  const writableUnitId = computed(() =>
    campaign.value?.status === 'ACTIVE' && unitId.value && secretaryUnits.value.some((unit) => unit.id === unitId.value)
      ? unitId.value
      : null,
  );

  async function loadCampaigns(): Promise<void> {
    loadingCampaigns.value = true;
    try {
      campaigns.value = await listAllCampaigns(null);
      const wanted = queryValue(route.query.campaign);
      // Newest first: the newest active one is what people work on, else the newest of any status.
      campaignId.value =
        campaigns.value.find((item) => item.id === wanted)?.id ??
        campaigns.value.find((item) => item.status === 'ACTIVE')?.id ??
        campaigns.value[0]?.id ??
        null;
    } catch (error) {
      showError(error);
    } finally {
      loadingCampaigns.value = false;
    }
  }

  watch([campaignId, unitId], () => {
    const query = { ...route.query };
    if (campaignId.value) query.campaign = campaignId.value;
    else delete query.campaign;
    if (unitId.value) query.unit = unitId.value;
    else delete query.unit;
    if (query.campaign !== route.query.campaign || query.unit !== route.query.unit) void router.replace({ query });
  });

  void loadCampaigns();

  return reactive({
    campaigns,
    campaignId,
    campaign,
    loadingCampaigns,
    unitId,
    includeSubtree,
    secretaryUnits,
    readerUnits,
    readsSubtrees,
    manyUnits,
    writableUnitId,
    /** What list and figure queries take. */
    filter: computed(() => ({ campaignId: campaignId.value, organizationId: unitId.value, includeSubtree: includeSubtree.value })),
    setCampaign(id: string | null | undefined) {
      campaignId.value = id || null;
    },
    setUnit(id: string | null | undefined) {
      unitId.value = id || null;
    },
    setIncludeSubtree(value: boolean | string | number) {
      includeSubtree.value = Boolean(value);
    },
  });
}

export type CampaignScope = ReturnType<typeof useCampaignScope>;
