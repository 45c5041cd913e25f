/**
 * The demo federation: 龙泉市竹垟畲族乡资金互助会联合会, founded April 2013, with its ten
 * village associations (shared/DOMAIN.md). The federation and its figures are real; the
 * village list and people are illustrative.
 */
import type { Association, Federation } from '#domain/association.ts';
import { defaultCharter, type Charter } from '#domain/charter.ts';
import type { Role } from '../functions/http/identity.ts';

export const demoFederation: Federation = {
  id: 'zhuyang',
  name: '竹垟畲族乡资金互助会联合会',
  county: '龙泉市',
  township: '竹垟畲族乡',
  foundedOn: '2013-04-18',
};

const villages = [
  '竹垟村',
  '盖竹村',
  '黄南村',
  '岱垟村',
  '夏安村',
  '金何村',
  '半岭村',
  '王湖村',
  '下樟村',
  '坪田村',
] as const;

function charterFor(index: number): Charter {
  const charter = defaultCharter();
  // Counties and villages differ: a few associations charge 7‰ and lend a little more.
  if (index % 3 === 2) {
    charter.fees.standard = { monthlyPermille: '7' };
    charter.loans.maxLoan = '30000.00';
  }
  return charter;
}

export const demoAssociations: Association[] = villages.map((village, index) => {
  const number = String(index + 1).padStart(2, '0');
  return {
    id: `zhuyang-${number}`,
    federationId: demoFederation.id,
    name: `竹垟畲族乡${village}资金互助会`,
    village,
    foundedOn: '2013-04-18',
    treasurerPhone: `1385780${String(1000 + index * 17).padStart(4, '0')}`,
    charter: charterFor(index),
  };
});

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  associationId?: string;
  federationId?: string;
}

export const demoUsers: DemoUser[] = [
  ...demoAssociations.map((association, index) => ({
    username: `treasurer-${String(index + 1).padStart(2, '0')}`,
    displayName: `${association.village}出纳`,
    role: 'treasurer' as const,
    associationId: association.id,
    federationId: demoFederation.id,
  })),
  {
    username: 'supervisor',
    displayName: '联合会监管员',
    role: 'supervisor',
    federationId: demoFederation.id,
  },
  {
    username: 'auditor',
    displayName: '联合会监事会',
    role: 'auditor',
    federationId: demoFederation.id,
  },
  { username: 'admin', displayName: '系统管理员', role: 'admin' },
  // A supervisor of another federation (泰顺): reaches nothing of 竹垟.
  {
    username: 'supervisor-taishun',
    displayName: '泰顺县联合会监管员',
    role: 'supervisor',
    federationId: 'taishun',
  },
];
