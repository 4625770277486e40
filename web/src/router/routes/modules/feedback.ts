import { markRaw } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import { ChatLineSquare } from '@element-plus/icons-vue';

const routes: RouteRecordRaw[] = [
  {
    path: '/feedback',
    name: 'Feedback',
    component: () => import('@/views/feedback/index.vue'),
    meta: { title: 'menu.feedback', icon: markRaw(ChatLineSquare), order: 9, authority: ['SECRETARY', 'LEADER'] },
  },
];

export default routes;
