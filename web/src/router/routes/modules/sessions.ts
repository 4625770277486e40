import { markRaw } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import { Reading } from '@element-plus/icons-vue';

const routes: RouteRecordRaw[] = [
  {
    path: '/sessions',
    name: 'Sessions',
    component: () => import('@/views/sessions/index.vue'),
    meta: { title: 'menu.sessions', icon: markRaw(Reading), order: 6, authority: ['LEADER', 'ADMIN', 'AUDITOR'] },
  },
];

export default routes;
