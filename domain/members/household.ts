/**
 * A member household's head: name, resident ID number (GB 11643, with its check digit) and
 * mobile number. Full ID numbers are kept for subsidy claims but never shown in lists or logs.
 */
import { isBusinessDate } from '../dates.ts';

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idCheckCharacters = '10X98765432';

/** GB 11643-1999: 17 digits, a real birth date, and the ISO 7064 MOD 11-2 check character. */
export function isValidIdNumber(idNumber: string): boolean {
  if (!/^[1-9]\d{16}[\dX]$/.test(idNumber)) return false;
  const birth = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
  if (!isBusinessDate(birth) || birth < '1900-01-01') return false;
  const sum = idWeights.reduce((total, weight, i) => total + weight * Number(idNumber[i]), 0);
  return idCheckCharacters[sum % 11] === idNumber[17];
}

/** The check character for 17 digits (used to make valid demo and test numbers). */
export function idCheckCharacter(first17: string): string {
  const sum = idWeights.reduce((total, weight, i) => total + weight * Number(first17[i]), 0);
  return idCheckCharacters.charAt(sum % 11);
}

/** Mainland mobile numbers: 11 digits starting 13–19. */
export function isValidMobile(mobile: string): boolean {
  return /^1[3-9]\d{9}$/.test(mobile);
}

/** 332525********0016: region prefix and last four only. */
export function maskIdNumber(idNumber: string): string {
  return `${idNumber.slice(0, 6)}${'*'.repeat(Math.max(0, idNumber.length - 10))}${idNumber.slice(-4)}`;
}

/** 张*华, 李*: the family name and, for three or more characters, the last one. */
export function maskName(name: string): string {
  const characters = [...name];
  if (characters.length <= 1) return name;
  if (characters.length === 2) return `${characters[0]}*`;
  return `${characters[0]}${'*'.repeat(characters.length - 2)}${characters[characters.length - 1]}`;
}

/** 138****0001 */
export function maskMobile(mobile: string): string {
  return `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
}
