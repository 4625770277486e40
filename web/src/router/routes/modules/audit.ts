import { markRaw } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import { Tickets } from '@element-plus/icons-vue';

const routes: RouteRecordRaw[] = [
  {
    path: '/audit',
    name: 'Audit',
    component: () => import('@/views/audit/index.vue'),
    meta: { title: 'menu.audit', icon: markRaw(Tickets), order: 30, authority: ['ADMIN', 'AUDITOR'] },
  },
];

export default routes;
