/**
 * DynamoDB's values as the in-memory table (store/memory-table.ts) holds them: marshalled
 * AttributeValues, numbers kept as DynamoDB keeps them (exact decimals of at most 38
 * significant digits, written without exponent or trailing zeros), and compared the way
 * DynamoDB compares them: numbers by value, strings by their UTF-8 bytes.
 */
import { DynamoDBServiceException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { Decimal } from 'decimal.js';

export type Item = Record<string, AttributeValue>;

/** Room for two 38-digit operands: the result is then checked against DynamoDB's limit. */
const Exact = Decimal.clone({ precision: 80, toExpNeg: -200, toExpPos: 200 });

/** The error DynamoDB answers a request it refuses to run (HTTP 400), as the SDK throws it. */
export function validationError(message: string): Error {
  return new DynamoDBServiceException({
    name: 'ValidationException',
    $fault: 'client',
    message,
    $metadata: {},
  });
}

function decimalOf(text: string): Decimal {
  try {
    return new Exact(text);
  } catch {
    throw validationError('The parameter cannot be converted to a numeric value');
  }
}

/** A number as DynamoDB stores it: "1000.00" is "1000", "1.5E-3" is "0.0015", "-0" is "0". */
export function canonicalNumber(value: Decimal | string): string {
  const number = typeof value === 'string' ? decimalOf(value) : value;
  if (!number.isFinite())
    throw validationError('The parameter cannot be converted to a numeric value');
  if (number.isZero()) return '0';
  if (number.sd() > 38) {
    throw validationError('Attempting to store more than 38 significant digits in a Number');
  }
  if (number.abs().gte('1e126') || number.abs().lt('1e-130')) {
    throw validationError(
      'Number overflow. Attempting to store a number with magnitude larger than supported range',
    );
  }
  return number.toFixed();
}

/** The sum (or difference) of two stored numbers, exactly. */
export function addNumbers(left: string, right: string, sign: 1 | -1 = 1): string {
  const sum = sign === 1 ? decimalOf(left).plus(right) : decimalOf(left).minus(right);
  return canonicalNumber(sum);
}

/**
 * JS strings compare by UTF-16 code units; DynamoDB compares UTF-8 bytes, which is code-point
 * order. They differ only where a surrogate (a character above U+FFFF) meets U+E000–U+FFFF.
 */
export function compareUtf8(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate !== ySurrogate) return xSurrogate ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

export type ValueType = 'S' | 'N' | 'B' | 'BOOL' | 'NULL' | 'L' | 'M' | 'SS' | 'NS' | 'BS';

export function typeOf(value: AttributeValue): ValueType {
  if (value.S !== undefined) return 'S';
  if (value.N !== undefined) return 'N';
  if (value.B !== undefined) return 'B';
  if (value.BOOL !== undefined) return 'BOOL';
  if (value.NULL !== undefined) return 'NULL';
  if (value.L !== undefined) return 'L';
  if (value.M !== undefined) return 'M';
  if (value.SS !== undefined) return 'SS';
  if (value.NS !== undefined) return 'NS';
  if (value.BS !== undefined) return 'BS';
  throw validationError(
    'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes',
  );
}

/** Order of two scalars of one type (S, N or B); undefined when they cannot be ordered. */
export function compareValues(a: AttributeValue, b: AttributeValue): number | undefined {
  if (a.S !== undefined && b.S !== undefined) return compareUtf8(a.S, b.S);
  if (a.N !== undefined && b.N !== undefined) return decimalOf(a.N).cmp(b.N);
  if (a.B !== undefined && b.B !== undefined) return compareBytes(a.B, b.B);
  return undefined;
}

function sameSet(a: string[], b: string[], canonical: (member: string) => string): boolean {
  const left = new Set(a.map(canonical));
  return left.size === new Set(b).size && b.every((member) => left.has(canonical(member)));
}

/** DynamoDB's `=`: same type and same value, sets regardless of order, maps and lists deeply. */
export function valuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  const type = typeOf(a);
  if (type !== typeOf(b)) return false;
  switch (type) {
    case 'N':
      return decimalOf(a.N!).eq(b.N!);
    case 'B':
      return compareBytes(a.B!, b.B!) === 0;
    case 'L':
      return a.L!.length === b.L!.length && a.L!.every((v, i) => valuesEqual(v, b.L![i]!));
    case 'M': {
      const keys = Object.keys(a.M!);
      return (
        keys.length === Object.keys(b.M!).length &&
        keys.every((k) => b.M![k] !== undefined && valuesEqual(a.M![k]!, b.M![k]!))
      );
    }
    case 'SS':
      return sameSet(a.SS!, b.SS!, (member) => member);
    case 'NS':
      return sameSet(a.NS!, b.NS!, canonicalNumber);
    case 'BS':
      return sameSet(
        a.BS!.map((v) => Buffer.from(v).toString('base64')),
        b.BS!.map((v) => Buffer.from(v).toString('base64')),
        (member) => member,
      );
    default:
      return JSON.stringify(a) === JSON.stringify(b);
  }
}

/** A value with every number written as DynamoDB stores it (nested ones included). */
export function storedValue(value: AttributeValue): AttributeValue {
  if (value.N !== undefined) return { N: canonicalNumber(value.N) };
  if (value.NS !== undefined) return { NS: [...new Set(value.NS.map(canonicalNumber))] };
  if (value.L !== undefined) return { L: value.L.map(storedValue) };
  if (value.M !== undefined) return { M: storedItem(value.M) };
  return value;
}

export function storedItem(item: Item): Item {
  return Object.fromEntries(Object.entries(item).map(([name, v]) => [name, storedValue(v)]));
}
