import { createRouter, createWebHistory } from 'vue-router';
import type { Component } from 'vue';
import { i18n } from '@/locales';
import { routes } from './routes';

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title and menu label. */
    title?: string;
    icon?: Component;
    /** Position in the sidebar. */
    order?: number;
    hideInMenu?: boolean;
  }
}

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
});

export function updateDocumentTitle(): void {
  const { t } = i18n.global;
  const key = router.currentRoute.value.meta.title;
  document.title = key ? `${t(key)} - ${t('app.title')}` : t('app.title');
}

router.afterEach(() => updateDocumentTitle());
