/**
 * The demo federation's money, made to match shared/DOMAIN.md: 905 households across the ten
 * associations, 400 of them low-income (100 低保/五保), 93.4万 member shares, 100万
 * provincial fiscal money, 110万 special support money. People are generated, the same on
 * every run: names from common local surnames (雷, 蓝, 钟 are 畲族 names), ID numbers of
 * 龙泉市 (332581) with valid check digits, numbered mobile phones.
 */
import { addDays } from '#domain/dates.ts';
import { idCheckCharacter } from '#domain/members/household.ts';
import type { LowIncomeStatus } from '#domain/members/member.ts';

export interface DemoHousehold {
  name: string;
  idNumber: string;
  mobile: string;
  lowIncome: LowIncomeStatus;
  group: string;
  joinedOn: string;
  shares: number;
}

/** Households per association: 5 × 91 + 5 × 90 = 905. */
export const householdsPerAssociation = [91, 91, 91, 91, 91, 90, 90, 90, 90, 90];
/** Households holding two shares instead of one: 905 + 29 = 934 shares = 93.4万. */
const doubleShareHouseholds = [3, 3, 3, 3, 3, 3, 3, 3, 3, 2];
/** In each association: 5 低保, 5 五保, 30 脱贫监测 (× 10 = 400 low-income, 100 低保/五保). */
const lowIncomePlan: LowIncomeStatus[] = [
  ...Array<LowIncomeStatus>(5).fill('dibao'),
  ...Array<LowIncomeStatus>(5).fill('wubao'),
  ...Array<LowIncomeStatus>(30).fill('tuopin-monitor'),
];

export const demoCapital = {
  fiscalPerAssociation: '100000.00',
  specialSupportPerAssociation: '110000.00',
  /** The source's total is 0.55万 more than its three parts: booked as donations. */
  unexplainedPerAssociation: '550.00',
  bookedOn: '2013-04-20',
  fiscalSharesGrantedOn: '2013-05-15',
};

const surnames = '雷蓝钟张李王吴周叶刘陈季毛徐郑杨';
const givenCharacters = '建国秀英春华玉兰金水土根林海明德福贵红梅志强';

function nameFor(index: number): string {
  const surname = surnames.charAt(index % surnames.length);
  const first = givenCharacters.charAt((index * 7) % givenCharacters.length);
  const second = givenCharacters.charAt((index * 13 + 5) % givenCharacters.length);
  return index % 4 === 0 ? `${surname}${first}` : `${surname}${first}${second}`;
}

export function demoHouseholds(associationIndex: number): DemoHousehold[] {
  const count = householdsPerAssociation[associationIndex] ?? 0;
  const doubles = doubleShareHouseholds[associationIndex] ?? 0;
  return Array.from({ length: count }, (_, i) => {
    const serial = associationIndex * 100 + i;
    const birth = addDays('1950-01-01', (serial * 37) % 16000).replaceAll('-', '');
    const first17 = `332581${birth}${String(serial % 1000).padStart(3, '0')}`;
    return {
      name: nameFor(serial),
      idNumber: first17 + idCheckCharacter(first17),
      mobile: `1385780${String(2000 + serial).padStart(4, '0')}`,
      lowIncome: lowIncomePlan[i] ?? 'none',
      group: `第${Math.floor(i / 5) + 1}联保小组`,
      joinedOn: addDays('2013-04-18', i % 60),
      shares: i >= count - doubles ? 2 : 1,
    };
  });
}
