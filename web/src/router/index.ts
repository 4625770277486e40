import { createRouter, createWebHistory } from 'vue-router';
import type { Component } from 'vue';
import type { Role } from '@/api/auth';
import { i18n } from '@/locales';
import { setupRouterGuard } from './guard';
import { routes } from './routes';

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title and menu label. */
    title?: string;
    icon?: Component;
    /** Position in the sidebar. */
    order?: number;
    hideInMenu?: boolean;
    /** Roles allowed to open the page (any one grant suffices); absent: every signed-in user. */
    authority?: Role[];
    /** Open without signing in (the login page). */
    ignoreAccess?: boolean;
    /** The menu entry to highlight when the page itself is not in the menu (a detail page). */
    activeMenu?: string;
  }
}

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
});

setupRouterGuard(router);

export function updateDocumentTitle(): void {
  const { t } = i18n.global;
  const key = router.currentRoute.value.meta.title;
  document.title = key ? `${t(key)} - ${t('app.title')}` : t('app.title');
}

router.afterEach(() => updateDocumentTitle());
