import { registerEnumType } from '@nestjs/graphql';

export enum OrganizationKind {
  COMMITTEE = 'COMMITTEE',
  LEADING_GROUP = 'LEADING_GROUP',
  WORKING_COMMITTEE = 'WORKING_COMMITTEE',
  GENERAL_BRANCH = 'GENERAL_BRANCH',
  BRANCH = 'BRANCH',
}

registerEnumType(OrganizationKind, {
  name: 'OrganizationKind',
  description: '党组织类别: 党委, 党组, 党工委, 党总支, 党支部.',
  valuesMap: {
    COMMITTEE: { description: '党委' },
    LEADING_GROUP: { description: '党组' },
    WORKING_COMMITTEE: { description: '党工委' },
    GENERAL_BRANCH: { description: '党总支' },
    BRANCH: { description: '党支部 (the smallest unit: it never has units below it)' },
  },
});

/** Names people write in spreadsheets, mapped to the kind; identifiers are accepted as they are. */
const KIND_LABELS: Record<string, OrganizationKind> = {
  党委: OrganizationKind.COMMITTEE,
  基层党委: OrganizationKind.COMMITTEE,
  党组: OrganizationKind.LEADING_GROUP,
  党工委: OrganizationKind.WORKING_COMMITTEE,
  工委: OrganizationKind.WORKING_COMMITTEE,
  党总支: OrganizationKind.GENERAL_BRANCH,
  党总支部: OrganizationKind.GENERAL_BRANCH,
  总支: OrganizationKind.GENERAL_BRANCH,
  党支部: OrganizationKind.BRANCH,
  支部: OrganizationKind.BRANCH,
};

export function parseOrganizationKind(value: string): OrganizationKind | undefined {
  const text = value.trim();
  const upper = text.toUpperCase();
  if (upper in OrganizationKind) return upper as OrganizationKind;
  return KIND_LABELS[text];
}

/** A branch (党支部) is the smallest unit; no unit is ever placed under one. */
export function canHaveChildren(kind: OrganizationKind): boolean {
  return kind !== OrganizationKind.BRANCH;
}
