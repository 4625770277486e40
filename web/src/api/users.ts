import {
  CreateUserDocument,
  GrantRoleDocument,
  ResetPasswordDocument,
  RevokeGrantDocument,
  SetUserDisabledDocument,
  UserDocument,
  UsersDocument,
  type CreateUserInput,
  type Role,
  type UserRowFragment,
  type UsersQuery,
} from '@/gql/graphql';
import { request } from './client';
import { MAX_PAGE_SIZE } from './organizations';

export type { CreateUserInput } from '@/gql/graphql';

export type UserRow = UserRowFragment;
export type UserGrant = UserRow['grants'][number];
export type UserPage = UsersQuery['users'];

/** An account with a password to hand over once; the user must replace it at first sign-in. */
export interface UserWithPassword {
  user: UserRow;
  temporaryPassword: string;
}

/** Users whose unit lies in `organizationId`'s subtree (or the admin's whole reach), by username. */
export async function listUsers(params: {
  organizationId?: string | null;
  search?: string | null;
  first?: number;
  after?: string | null;
}): Promise<UserPage> {
  const { organizationId = null, search = null, first = 50, after = null } = params;
  const variables = { organizationId, search: search || null, first: Math.min(first, MAX_PAGE_SIZE), after };
  return (await request(UsersDocument, variables)).users;
}

export async function getUser(id: string): Promise<UserRow> {
  return (await request(UserDocument, { id })).user;
}

export async function createUser(input: CreateUserInput): Promise<UserWithPassword> {
  return (await request(CreateUserDocument, { input })).createUser;
}

/** A new temporary password; every session of the user ends. */
export async function resetPassword(userId: string): Promise<UserWithPassword> {
  return (await request(ResetPasswordDocument, { userId })).resetPassword;
}

/** Disabling ends the user's sessions. */
export async function setUserDisabled(userId: string, disabled: boolean): Promise<UserRow> {
  return (await request(SetUserDisabledDocument, { userId, disabled })).setUserDisabled;
}

export async function grantRole(userId: string, organizationId: string, role: Role): Promise<string> {
  return (await request(GrantRoleDocument, { userId, organizationId, role })).grantRole.id;
}

export async function revokeGrant(grantId: string): Promise<string> {
  return (await request(RevokeGrantDocument, { grantId })).revokeGrant.id;
}
