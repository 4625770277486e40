import { markRaw } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import { Flag } from '@element-plus/icons-vue';

const routes: RouteRecordRaw[] = [
  {
    path: '/campaigns',
    name: 'Campaigns',
    component: () => import('@/views/campaigns/index.vue'),
    meta: { title: 'menu.campaigns', icon: markRaw(Flag), order: 3 },
  },
  {
    path: '/campaigns/:id',
    name: 'CampaignDetail',
    component: () => import('@/views/campaigns/detail.vue'),
    meta: { title: 'menu.campaignDetail', hideInMenu: true, activeMenu: '/campaigns' },
  },
];

export default routes;
