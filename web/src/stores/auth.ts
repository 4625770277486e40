import { computed, shallowRef } from 'vue';
import * as authApi from '@/api/auth';
import type { CurrentGrant, CurrentUser, Role } from '@/api/auth';
import { ApiError, TOKEN_STORAGE_KEY } from '@/api/client';

// One signed-in session per browser: the token lives in localStorage (the API client reads it from
// there), the user is loaded once with `me` and replaced by what login and changePassword return.
const token = shallowRef<string | null>(localStorage.getItem(TOKEN_STORAGE_KEY));
const user = shallowRef<CurrentUser | null>(null);
let loading: Promise<CurrentUser | null> | null = null;

function setToken(value: string | null): void {
  token.value = value;
  if (value) localStorage.setItem(TOKEN_STORAGE_KEY, value);
  else localStorage.removeItem(TOKEN_STORAGE_KEY);
}

/** Forgets the session in this browser only (the server already ended it, or will not be asked). */
function clear(): void {
  setToken(null);
  user.value = null;
  loading = null;
}

/**
 * The current user, loaded with `me` the first time it is needed. Resolves null when there is no
 * token or the server no longer accepts it (the token is then dropped); other failures throw.
 */
function ensureUser(): Promise<CurrentUser | null> {
  if (user.value) return Promise.resolve(user.value);
  if (!token.value) return Promise.resolve(null);
  loading ??= authApi.getMe().then(
    (me) => {
      user.value = me;
      return me;
    },
    (error: unknown) => {
      loading = null;
      if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
        clear();
        return null;
      }
      throw error;
    },
  );
  return loading;
}

/** Loads `me` again, e.g. after the user's own grants changed. */
function reload(): Promise<CurrentUser | null> {
  user.value = null;
  loading = null;
  return ensureUser();
}

async function login(username: string, password: string): Promise<CurrentUser> {
  // A stale token would make the server refuse even the public login.
  clear();
  const result = await authApi.login(username, password);
  setToken(result.token);
  user.value = result.user;
  return result.user;
}

/** Ends the session on the server when it still can; forgets it here in any case. */
async function logout(): Promise<void> {
  try {
    if (token.value) await authApi.logout();
  } catch {
    // Expired or unreachable: the token is dropped below either way.
  } finally {
    clear();
  }
}

async function changePassword(currentPassword: string, newPassword: string): Promise<CurrentUser> {
  const updated = await authApi.changePassword(currentPassword, newPassword);
  user.value = updated;
  return updated;
}

/** The server said a password change comes first (an admin reset it while signed in). */
function markPasswordChangeRequired(): void {
  if (user.value && !user.value.mustChangePassword) user.value = { ...user.value, mustChangePassword: true };
}

function hasRole(...roles: Role[]): boolean {
  return user.value?.grants.some((grant) => roles.includes(grant.role)) ?? false;
}

/** Whether a page or button whose `authority` lists these roles is open to the user (absent: to everyone signed in). */
function canAccess(authority: readonly Role[] | undefined): boolean {
  return !authority?.length || hasRole(...authority);
}

/** Grants with the given roles (all grants when none are named), in the order the server lists them. */
function grantsWith(...roles: Role[]): CurrentGrant[] {
  const grants = user.value?.grants ?? [];
  return roles.length ? grants.filter((grant) => roles.includes(grant.role)) : [...grants];
}

// Another tab signed out or in as someone else: this tab must not keep acting on the old session.
window.addEventListener('storage', (event) => {
  if (event.key !== TOKEN_STORAGE_KEY || event.newValue === token.value) return;
  token.value = event.newValue;
  user.value = null;
  loading = null;
  onTokenChangedElsewhere?.();
});
let onTokenChangedElsewhere: (() => void) | null = null;

const store = {
  token: computed(() => token.value),
  user: computed(() => user.value),
  grants: computed(() => user.value?.grants ?? []),
  signedIn: computed(() => Boolean(token.value)),
  ensureUser,
  reload,
  login,
  logout,
  changePassword,
  clear,
  markPasswordChangeRequired,
  hasRole,
  canAccess,
  grantsWith,
  /** Called when the token changed in another tab; the router guard re-checks the current route. */
  onTokenChangedElsewhere(callback: () => void): void {
    onTokenChangedElsewhere = callback;
  },
};

export type AuthStore = typeof store;

export function useAuthStore(): AuthStore {
  return store;
}
