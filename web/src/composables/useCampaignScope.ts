import { computed, reactive, ref, shallowRef, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { listAllCampaigns, type Campaign } from '@/api/campaigns';
import type { UnitOption } from '@/components/UnitPicker.vue';
import { useAuthStore } from '@/stores/auth';
import { showError } from '@/utils/errors';

const queryValue = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

export interface CampaignScopeOptions {
  /**
   * The dashboard's scope: always one unit with its whole subtree, starting at the top of the user's
   * reach, in `?campaignId=&organizationId=`. Each change is a history entry and the page follows the
   * URL, so back and forward walk a drill-down and a shared link opens the same unit.
   */
  drillDown?: boolean;
}

/**
 * The campaign and the units a page of issue-5 records looks at (problems, feedback, commitments):
 * a secretary starts at their own unit, leaders and auditors at everything they read, with a unit
 * picker and "include subtree". The campaign and unit follow the URL (`?campaign=&unit=`), so a link
 * or a reload shows the same list. The dashboard uses it with `drillDown`. Returned reactive: read
 * `scope.campaignId`, change it with the setters.
 */
export function useCampaignScope({ drillDown = false }: CampaignScopeOptions = {}) {
  const route = useRoute();
  const router = useRouter();
  const auth = useAuthStore();
  const keys = drillDown ? { campaign: 'campaignId', unit: 'organizationId' } : { campaign: 'campaign', unit: 'unit' };

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

  const ownUnits = secretaryUnits.value.map((unit) => unit.id);
  // A secretary only reads their own unit; someone who also reads subtrees may pick any unit in them.
  const mayRead = (id: string | null): id is string => Boolean(id) && (readsSubtrees.value || ownUnits.includes(id!));
  /** Where a drill-down starts: the top of the widest subtree the user reads, else their own unit. */
  const topUnitId = computed(() => readerUnits.value[0]?.id ?? ownUnits[0] ?? null);
  const wantedUnit = queryValue(route.query[keys.unit]);
  const unitId = ref<string | null>(mayRead(wantedUnit) ? wantedUnit : drillDown ? topUnitId.value : (ownUnits[0] ?? null));
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
      const wanted = queryValue(route.query[keys.campaign]);
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

  const routeName = route.name;
  watch([campaignId, unitId], ([campaign, unit]) => {
    if (route.name !== routeName) return;
    const query = { ...route.query };
    if (campaign) query[keys.campaign] = campaign;
    else delete query[keys.campaign];
    if (unit) query[keys.unit] = unit;
    else delete query[keys.unit];
    if (query[keys.campaign] === route.query[keys.campaign] && query[keys.unit] === route.query[keys.unit]) return;
    // A drill-down step is a history entry; filling in what the URL left out is not.
    if (drillDown && route.query[keys.campaign] && route.query[keys.unit]) void router.push({ query });
    else void router.replace({ query });
  });

  if (drillDown) {
    // Back, forward, or a link to the page while it is open (a notification, the menu): follow the URL.
    watch(
      () => [route.query[keys.campaign], route.query[keys.unit]],
      ([wantedCampaign, wanted]) => {
        if (route.name !== routeName) return;
        const unit = queryValue(wanted);
        unitId.value = mayRead(unit) ? unit : topUnitId.value;
        const campaign = queryValue(wantedCampaign);
        if (campaign && campaigns.value.some((item) => item.id === campaign)) campaignId.value = campaign;
      },
    );
  }

  void loadCampaigns();

  return reactive({
    campaigns,
    campaignId,
    campaign,
    loadingCampaigns,
    unitId,
    includeSubtree,
    drillDown,
    topUnitId,
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
      // A drill-down always reads the whole subtree.
      includeSubtree.value = drillDown || Boolean(value);
    },
  });
}

export type CampaignScope = ReturnType<typeof useCampaignScope>;
