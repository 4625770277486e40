import type { LocationQueryValue, RouteLocationNormalized, RouteLocationRaw, Router } from 'vue-router';
import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import { setSessionHandlers } from '@/api/client';
import { i18n } from '@/locales';
import { useAuthStore } from '@/stores/auth';
import { showError } from '@/utils/errors';

/** Only paths inside this app: an open redirect to another site must not come from a query string. */
export function safeRedirect(value: LocationQueryValue | LocationQueryValue[] | undefined): string | null {
  const path = Array.isArray(value) ? value[0] : value;
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//')) return null;
  if (path.startsWith('/login') || path.startsWith('/change-password')) return null;
  return path;
}

export function loginRoute(from?: RouteLocationNormalized): RouteLocationRaw {
  const keep = from && !from.meta.ignoreAccess && from.name !== 'ChangePassword' && from.fullPath !== '/';
  return { name: 'Login', query: keep ? { redirect: from.fullPath } : {} };
}

/** Where `/` leads: a secretary's work starts at their unit; everyone else at the unit tree. */
export function homeRoute(): RouteLocationRaw {
  return useAuthStore().hasRole('SECRETARY') ? { name: 'MyUnit', replace: true } : { name: 'Organizations', replace: true };
}

function changePasswordRoute(to: RouteLocationNormalized): RouteLocationRaw {
  const redirect = safeRedirect(to.fullPath);
  return { name: 'ChangePassword', query: redirect && redirect !== '/' ? { redirect } : {} };
}

/**
 * Every navigation: public pages pass; without a token, sign in first; a user who must change the
 * password goes nowhere else; a page whose `meta.authority` names none of the user's roles shows 403.
 * Menus hide those pages too, but a typed URL must meet the same rule.
 */
export function setupRouterGuard(router: Router): void {
  const auth = useAuthStore();

  router.beforeEach(async (to) => {
    if (to.meta.ignoreAccess) {
      if (to.name !== 'Login' || !auth.token.value) return true;
      // Already signed in: the login page has nothing to offer.
      const user = await auth.ensureUser().catch(() => null);
      if (!user) return true;
      return user.mustChangePassword ? changePasswordRoute(to) : (safeRedirect(to.query.redirect) ?? '/');
    }
    if (!auth.token.value) return loginRoute(to);

    let user;
    try {
      user = await auth.ensureUser();
    } catch (error) {
      // The server could not be asked; the login page is where a person can try again.
      showError(error);
      return to.name === 'Login' ? true : loginRoute(to);
    }
    if (!user) return loginRoute(to);
    if (user.mustChangePassword) return to.name === 'ChangePassword' ? true : changePasswordRoute(to);
    if (to.name === 'Home') return homeRoute();
    if (!to.matched.every((record) => auth.canAccess(record.meta.authority))) {
      return { name: 'Forbidden', query: { from: to.fullPath } };
    }
    return true;
  });

  setSessionHandlers({
    unauthenticated() {
      const wasSignedIn = auth.token.value !== null;
      auth.clear();
      const current = router.currentRoute.value;
      if (current.meta.ignoreAccess) return;
      if (wasSignedIn) {
        ElMessage({ type: 'warning', message: i18n.global.t('error.unauthenticated'), grouping: true, showClose: true });
      }
      void router.replace(loginRoute(current));
    },
    passwordChangeRequired() {
      auth.markPasswordChangeRequired();
      const current = router.currentRoute.value;
      if (current.name !== 'ChangePassword') void router.replace(changePasswordRoute(current));
    },
  });

  auth.onTokenChangedElsewhere(() => {
    // Signed out in another tab: follow. Signed in as someone else: start afresh with that user.
    if (!auth.token.value) void router.replace(loginRoute(router.currentRoute.value));
    else window.location.reload();
  });
}
