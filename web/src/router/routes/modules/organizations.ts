import { markRaw } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import { OfficeBuilding } from '@element-plus/icons-vue';

const routes: RouteRecordRaw[] = [
  {
    path: '/organizations',
    name: 'Organizations',
    component: () => import('@/views/organizations/index.vue'),
    meta: { title: 'menu.organizations', icon: markRaw(OfficeBuilding), order: 10 },
  },
];

export default routes;
