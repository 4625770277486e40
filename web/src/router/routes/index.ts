import type { RouteRecordRaw } from 'vue-router';
import BasicLayout from '@/layouts/BasicLayout.vue';
import { coreRoutes } from './core';

// Each file under modules/ adds the pages of one user job; they show up in the sidebar by meta.order.
const modules = import.meta.glob<{ default: RouteRecordRaw[] }>('./modules/*.ts', { eager: true });

export const pageRoutes: RouteRecordRaw[] = Object.values(modules)
  .flatMap((module) => module.default)
  .sort((a, b) => (a.meta?.order ?? 0) - (b.meta?.order ?? 0));

export const routes: RouteRecordRaw[] = [
  ...coreRoutes,
  {
    path: '/',
    component: BasicLayout,
    children: [
      {
        // Where `/` lands depends on who signed in; the router guard sends each user to their home page.
        path: '',
        name: 'Home',
        component: { render: () => null },
        meta: { hideInMenu: true },
      },
      ...pageRoutes,
      {
        path: '/403',
        name: 'Forbidden',
        component: () => import('@/views/forbidden/index.vue'),
        meta: { title: 'menu.forbidden', hideInMenu: true },
      },
      {
        path: '/:pathMatch(.*)*',
        name: 'NotFound',
        component: () => import('@/views/not-found/index.vue'),
        meta: { title: 'menu.notFound', hideInMenu: true },
      },
    ],
  },
];
