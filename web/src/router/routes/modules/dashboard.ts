import { markRaw } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import { DataAnalysis } from '@element-plus/icons-vue';

// 工作台 / 督导看板: a unit's campaign figures over its subtree, drilled down unit by unit. Secretaries
// see their own unit. The page (with ECharts) is its own lazy chunk.
const routes: RouteRecordRaw[] = [
  {
    path: '/dashboard',
    name: 'Dashboard',
    component: () => import('@/views/dashboard/index.vue'),
    meta: { title: 'menu.dashboard', icon: markRaw(DataAnalysis), order: 0, authority: ['LEADER', 'ADMIN', 'AUDITOR', 'SECRETARY'] },
  },
];

export default routes;
