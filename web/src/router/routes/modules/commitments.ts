import { markRaw } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import { Present } from '@element-plus/icons-vue';

const routes: RouteRecordRaw[] = [
  {
    path: '/commitments',
    name: 'Commitments',
    component: () => import('@/views/commitments/index.vue'),
    meta: { title: 'menu.commitments', icon: markRaw(Present), order: 9.5, authority: ['SECRETARY', 'LEADER'] },
  },
];

export default routes;
