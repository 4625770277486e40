import { markRaw } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import { HomeFilled } from '@element-plus/icons-vue';

const routes: RouteRecordRaw[] = [
  {
    path: '/my-unit',
    name: 'MyUnit',
    component: () => import('@/views/my-unit/index.vue'),
    meta: { title: 'menu.myUnit', icon: markRaw(HomeFilled), order: 1, authority: ['SECRETARY'] },
  },
];

export default routes;
