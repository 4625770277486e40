import { markRaw } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import { Download } from '@element-plus/icons-vue';

// 台账导出: auditors take the fix-up ledger away as Excel, CSV or a signed evidence pack.
const routes: RouteRecordRaw[] = [
  {
    path: '/exports',
    name: 'Exports',
    component: () => import('@/views/exports/index.vue'),
    meta: { title: 'menu.exports', icon: markRaw(Download), order: 29, authority: ['AUDITOR'] },
  },
];

export default routes;
