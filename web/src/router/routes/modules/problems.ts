import { markRaw } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import { Finished, List } from '@element-plus/icons-vue';

// 问题清单 for the units one reads (auditors read only: the page offers no writes to them), and the
// 待验收 queue of leaders above the units.
const routes: RouteRecordRaw[] = [
  {
    path: '/problems',
    name: 'Problems',
    component: () => import('@/views/problems/index.vue'),
    meta: { title: 'menu.problems', icon: markRaw(List), order: 7, authority: ['SECRETARY', 'LEADER', 'AUDITOR'] },
  },
  {
    path: '/problems/:id',
    name: 'ProblemDetail',
    component: () => import('@/views/problems/detail.vue'),
    meta: { title: 'menu.problemDetail', hideInMenu: true, activeMenu: '/problems', authority: ['SECRETARY', 'LEADER', 'AUDITOR'] },
  },
  {
    path: '/verification',
    name: 'Verification',
    component: () => import('@/views/verification/index.vue'),
    meta: { title: 'menu.verification', icon: markRaw(Finished), order: 8, authority: ['LEADER'] },
  },
];

export default routes;
