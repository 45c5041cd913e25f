/**
 * Amounts in DynamoDB are Numbers (exact decimals, so ADD on balances is exact); they are
 * written and read as NumberValue strings so no amount ever passes through a JS float.
 */
import { NumberValue } from '@aws-sdk/lib-dynamodb';
import { Money } from '#domain/money.ts';

export function numberValue(amount: Money | number): NumberValue {
  return NumberValue.from(typeof amount === 'number' ? String(amount) : amount.toString());
}

function text(attribute: unknown): string {
  if (attribute instanceof NumberValue) return attribute.toString();
  if (typeof attribute === 'object' && attribute !== null && 'value' in attribute) {
    return String((attribute as { value: unknown }).value);
  }
  if (typeof attribute === 'string' || typeof attribute === 'bigint') return String(attribute);
  if (attribute === undefined || attribute === null) return '0';
  throw new TypeError(`not a stored number: ${JSON.stringify(attribute)}`);
}

/** A stored amount as Money (DynamoDB may drop trailing zeros: "1000" is 1000.00). */
export function moneyFrom(attribute: unknown): Money {
  return Money.of(text(attribute));
}

/** A stored whole count (shares, loans); inside JSON text attributes it is a plain number. */
export function countFrom(attribute: unknown): number {
  if (typeof attribute === 'number' && Number.isSafeInteger(attribute)) return attribute;
  const value = text(attribute);
  if (!/^-?\d{1,15}$/.test(value)) throw new TypeError(`not a whole number: ${value}`);
  return Number(value);
}
