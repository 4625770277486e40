import type { RouteRecordRaw } from 'vue-router';

// Pages outside the shell: signing in, and the password change that must come before anything else.
export const coreRoutes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'Login',
    component: () => import('@/views/auth/login.vue'),
    meta: { title: 'auth.login.title', ignoreAccess: true, hideInMenu: true },
  },
  {
    path: '/change-password',
    name: 'ChangePassword',
    component: () => import('@/views/auth/change-password.vue'),
    meta: { title: 'auth.changePassword.title', hideInMenu: true },
  },
];
