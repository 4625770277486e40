import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import type { Role } from '@/api/auth';

// A Record, so that a role added to the schema fails the typecheck here until it is placed.
const ROLE_ORDER: Record<Role, number> = {
  SECRETARY: 0,
  LEADER: 1,
  AUDITOR: 2,
  ADMIN: 3,
};

export const ROLES = (Object.keys(ROLE_ORDER) as Role[]).sort((a, b) => ROLE_ORDER[a] - ROLE_ORDER[b]);

/** Anything shaped like a grant: a role at a named unit. */
export interface GrantLike {
  role: Role;
  organization: { name: string };
}

export function useRoles() {
  const { t } = useI18n();
  const roleLabel = (role: Role): string => t(`role.${role}`);
  /** 领导 @ 中共昭通市昭阳区委员会 */
  const grantLabel = (grant: GrantLike): string => t('auth.scope.grant', { role: roleLabel(grant.role), unit: grant.organization.name });
  const roleOptions = computed(() => ROLES.map((value) => ({ value, label: roleLabel(value) })));
  return { roleLabel, grantLabel, roleOptions };
}
