import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  SECRETARY = 'SECRETARY',
  LEADER = 'LEADER',
  AUDITOR = 'AUDITOR',
  ADMIN = 'ADMIN',
}

registerEnumType(Role, {
  name: 'Role',
  description: 'What a grant allows at its unit; every role but SECRETARY reaches the whole subtree.',
  valuesMap: {
    SECRETARY: { description: '支部书记 / 党委书记: reads and writes its own unit’s records' },
    LEADER: { description: '领导: reads the subtree, verifies rectification of units below, sets up campaigns' },
    AUDITOR: { description: '纪检 / 巡视 / 审计: reads the subtree with full history and exports; changes nothing' },
    ADMIN: { description: '管理员: units, users and grants within the subtree' },
  },
});
