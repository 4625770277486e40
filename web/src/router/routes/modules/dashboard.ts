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
  {
    // 分级汇总表: the dashboard's unit and a few levels below, to print or take away as Excel. Readers of
    // subtrees only: a secretary's dashboard is their own unit.
    path: '/dashboard/report',
    name: 'RollupReport',
    component: () => import('@/views/dashboard/report.vue'),
    meta: { title: 'menu.rollupReport', hideInMenu: true, activeMenu: '/dashboard', authority: ['LEADER', 'ADMIN', 'AUDITOR'] },
  },
];

export default routes;
