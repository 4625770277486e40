import { ChangePasswordDocument, LoginDocument, LogoutDocument, MeDocument, type CurrentUserFragment } from '@/gql/graphql';
import { request } from './client';

export type { Role } from '@/gql/graphql';

export type CurrentUser = CurrentUserFragment;
export type CurrentGrant = CurrentUser['grants'][number];

export async function login(username: string, password: string): Promise<{ token: string; user: CurrentUser }> {
  return (await request(LoginDocument, { username, password })).login;
}

/** The signed-in user; the router guard handles UNAUTHENTICATED itself, so no session handler runs. */
export async function getMe(): Promise<CurrentUser> {
  return (await request(MeDocument, {}, { session: false })).me;
}

/** Ends this session on the server: its token stops working at once. */
export async function logout(): Promise<boolean> {
  return (await request(LogoutDocument, {}, { session: false })).logout;
}

/** Other sessions of the user end; this one stays. */
export async function changePassword(currentPassword: string, newPassword: string): Promise<CurrentUser> {
  return (await request(ChangePasswordDocument, { currentPassword, newPassword })).changePassword;
}
