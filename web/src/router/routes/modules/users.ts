import { markRaw } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import { User } from '@element-plus/icons-vue';

const routes: RouteRecordRaw[] = [
  {
    path: '/users',
    name: 'Users',
    component: () => import('@/views/users/index.vue'),
    meta: { title: 'menu.users', icon: markRaw(User), order: 20, authority: ['ADMIN'] },
  },
];

export default routes;
