/**
 * The part of DynamoDB's expression language the store uses, for the in-memory table:
 * conditions (comparisons, BETWEEN, IN, attribute_exists, attribute_not_exists, begins_with,
 * AND/OR/NOT, parentheses) and update expressions (SET with +, -, if_not_exists and
 * list_append; ADD; REMOVE). Names and values are resolved as DynamoDB resolves them: an
 * undefined #name or :value, a reserved word used as a name, or a name or value given but
 * never used is refused. Anything outside this subset (nested paths, size, contains, DELETE)
 * throws: the in-memory table never lets an expression pass that it does not understand.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { reservedWords } from './reserved-words.ts';
import {
  compareValues,
  typeOf,
  validationError,
  valuesEqual,
  type Item,
  type ValueType,
} from './memory-values.ts';

interface Token {
  kind: 'name' | 'alias' | 'value' | 'number' | 'symbol';
  text: string;
  /** Where it starts in the expression, for the "near" of a syntax error. */
  start: number;
}

const symbols = ['<>', '<=', '>=', '=', '<', '>', '(', ')', ',', '+', '-', '.', '[', ']'];

function tokenize(expression: string, label: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(#[A-Za-z0-9_]+)|(:[A-Za-z0-9_]+)|([A-Za-z_][A-Za-z0-9_]*)|(\d+)|(\S))/y;
  const text = expression.trimEnd();
  while (pattern.lastIndex < text.length) {
    const match = pattern.exec(text)!;
    const start = pattern.lastIndex - (match[1] ?? match[2] ?? match[3] ?? match[4] ?? '?').length;
    if (match[1]) tokens.push({ kind: 'alias', text: match[1], start });
    else if (match[2]) tokens.push({ kind: 'value', text: match[2], start });
    else if (match[3]) tokens.push({ kind: 'name', text: match[3], start });
    else if (match[4]) tokens.push({ kind: 'number', text: match[4], start });
    else {
      // Two-character operators first: `<=` is one token, not `<` then `=`.
      const pair = text.slice(pattern.lastIndex - 1, pattern.lastIndex + 1);
      const symbol = symbols.includes(pair) ? pair : match[5]!;
      if (!symbols.includes(symbol)) {
        throw validationError(`Invalid ${label}: Syntax error; token: "${symbol}"`);
      }
      pattern.lastIndex += symbol.length - 1;
      tokens.push({ kind: 'symbol', text: symbol, start });
    }
  }
  return tokens;
}

/**
 * What one request's expressions may name: ExpressionAttributeNames and -Values, shared by
 * its condition, key condition, filter and update, and what they used (DynamoDB refuses
 * any left unused).
 */
export class ExpressionScope {
  private readonly usedNames = new Set<string>();
  private readonly usedValues = new Set<string>();

  constructor(
    readonly names: Record<string, string> | undefined,
    readonly values: Record<string, AttributeValue> | undefined,
  ) {
    if (names && Object.keys(names).length === 0) {
      throw validationError('ExpressionAttributeNames must not be empty');
    }
    if (values && Object.keys(values).length === 0) {
      throw validationError('ExpressionAttributeValues must not be empty');
    }
  }

  name(alias: string, label: string): string {
    const name = this.names?.[alias];
    if (name === undefined) {
      throw validationError(
        `Invalid ${label}: An expression attribute name used in the document path is not defined; attribute name: ${alias}`,
      );
    }
    this.usedNames.add(alias);
    return name;
  }

  value(placeholder: string, label: string): AttributeValue {
    const value = this.values?.[placeholder];
    if (value === undefined) {
      throw validationError(
        `Invalid ${label}: An expression attribute value used in expression is not defined; attribute value: ${placeholder}`,
      );
    }
    this.usedValues.add(placeholder);
    return value;
  }

  /** After every expression of the request is parsed. */
  assertAllUsed(): void {
    const unusedNames = Object.keys(this.names ?? {}).filter((n) => !this.usedNames.has(n));
    if (unusedNames.length > 0) {
      throw validationError(
        `Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(', ')}}`,
      );
    }
    const unusedValues = Object.keys(this.values ?? {}).filter((v) => !this.usedValues.has(v));
    if (unusedValues.length > 0) {
      throw validationError(
        `Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(', ')}}`,
      );
    }
  }
}

export type Operand =
  { kind: 'path'; name: string } | { kind: 'value'; value: AttributeValue; placeholder: string };

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { kind: 'compare'; op: Comparator; left: Operand; right: Operand }
  | { kind: 'between'; subject: Operand; low: Operand; high: Operand }
  | { kind: 'in'; subject: Operand; options: Operand[] }
  | { kind: 'exists'; name: string; exists: boolean }
  | { kind: 'begins_with'; subject: Operand; prefix: Operand }
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; condition: Condition };

const keywords = new Set(['and', 'or', 'not', 'between', 'in', 'set', 'remove', 'add', 'delete']);

/** A cursor over one expression's tokens, with the scope that resolves its names and values. */
export class ExpressionReader {
  private readonly tokens: Token[];
  private at = 0;

  constructor(
    readonly expression: string,
    readonly label: string,
    readonly scope: ExpressionScope,
  ) {
    this.tokens = tokenize(expression, label);
    if (this.tokens.length === 0) {
      throw validationError(`Invalid ${label}: The expression can not be empty;`);
    }
  }

  peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }

  next(): Token {
    const token = this.tokens[this.at];
    if (!token) throw this.syntaxError();
    this.at += 1;
    return token;
  }

  done(): boolean {
    return this.at >= this.tokens.length;
  }

  /** The next token is this keyword (any case), consumed if so. */
  keyword(word: string): boolean {
    const token = this.peek();
    if (token?.kind !== 'name' || token.text.toLowerCase() !== word) return false;
    this.at += 1;
    return true;
  }

  symbol(text: string): boolean {
    const token = this.peek();
    if (token?.kind !== 'symbol' || token.text !== text) return false;
    this.at += 1;
    return true;
  }

  expectSymbol(text: string): void {
    if (!this.symbol(text)) throw this.syntaxError();
  }

  /**
   * DynamoDB's message for the token `offset` from here (-1: the one just read): the token,
   * and the text from the token before it to the token after it.
   */
  syntaxError(offset = 0): Error {
    const index = this.at + offset;
    const token = this.tokens[index];
    const before = this.tokens[index - 1];
    const after = this.tokens[index + 1];
    const from = before?.start ?? token?.start ?? this.expression.length;
    const to = after
      ? after.start + after.text.length
      : token
        ? token.start + token.text.length
        : this.expression.length;
    return validationError(
      `Invalid ${this.label}: Syntax error; token: "${token?.text ?? '<EOF>'}", near: "${this.expression.slice(from, to)}"`,
    );
  }

  unsupported(what: string): Error {
    return new Error(
      `the in-memory table does not support ${what} (${this.label}: ${this.expression})`,
    );
  }

  /** A top-level attribute name: plain (not reserved) or #alias. */
  path(): string {
    const token = this.next();
    let name: string;
    if (token.kind === 'alias') name = this.scope.name(token.text, this.label);
    else if (token.kind === 'name' && !keywords.has(token.text.toLowerCase())) {
      if (reservedWords.has(token.text.toLowerCase())) {
        throw validationError(
          `Invalid ${this.label}: Attribute name is a reserved keyword; reserved keyword: ${token.text}`,
        );
      }
      name = token.text;
    } else throw this.syntaxError(-1);
    const after = this.peek();
    if (after?.kind === 'symbol' && (after.text === '.' || after.text === '[')) {
      throw this.unsupported('nested attribute paths');
    }
    return name;
  }

  operand(): Operand {
    const token = this.peek();
    if (token?.kind === 'value') {
      this.next();
      return {
        kind: 'value',
        value: this.scope.value(token.text, this.label),
        placeholder: token.text,
      };
    }
    if (token?.kind === 'name' && this.peek(1)?.text === '(') {
      throw this.unsupported(`the function ${token.text} here`);
    }
    return { kind: 'path', name: this.path() };
  }
}

const comparators = new Set<string>(['=', '<>', '<', '<=', '>', '>=']);

/** DynamoDB checks the type of a literal operand before it reads any item. */
function refuseOperandType(
  reader: ExpressionReader,
  op: string,
  operand: Operand,
  allowed: ValueType[] = ['S', 'N', 'B'],
): void {
  if (operand.kind !== 'value') return;
  const type = typeOf(operand.value);
  if (!allowed.includes(type)) {
    throw validationError(
      `Invalid ${reader.label}: Incorrect operand type for operator or function; operator or function: ${op}, operand type: ${typeNames[type]}`,
    );
  }
}

/** How DynamoDB names the types in its messages. */
export const typeNames: Record<ValueType, string> = {
  BOOL: 'BOOL',
  NULL: 'NULL',
  L: 'LIST',
  M: 'MAP',
  SS: 'SS',
  NS: 'NS',
  BS: 'BS',
  S: 'STRING',
  N: 'NUMBER',
  B: 'BINARY',
};

function functionCondition(reader: ExpressionReader, name: string): Condition {
  reader.next();
  reader.expectSymbol('(');
  let condition: Condition;
  if (name === 'attribute_exists' || name === 'attribute_not_exists') {
    condition = { kind: 'exists', name: reader.path(), exists: name === 'attribute_exists' };
  } else if (name === 'begins_with') {
    const subject = reader.operand();
    reader.expectSymbol(',');
    const prefix = reader.operand();
    for (const operand of [subject, prefix])
      refuseOperandType(reader, 'begins_with', operand, ['S', 'B']);
    condition = { kind: 'begins_with', subject, prefix };
  } else throw reader.unsupported(`the function ${name}`);
  reader.expectSymbol(')');
  return condition;
}

function comparison(reader: ExpressionReader): Condition {
  const subject = reader.operand();
  if (reader.keyword('between')) {
    const low = reader.operand();
    if (!reader.keyword('and')) throw reader.syntaxError();
    const high = reader.operand();
    for (const operand of [subject, low, high]) refuseOperandType(reader, 'BETWEEN', operand);
    return { kind: 'between', subject, low, high };
  }
  if (reader.keyword('in')) {
    reader.expectSymbol('(');
    const options = [reader.operand()];
    while (reader.symbol(',')) options.push(reader.operand());
    reader.expectSymbol(')');
    return { kind: 'in', subject, options };
  }
  const token = reader.next();
  if (token.kind !== 'symbol' || !comparators.has(token.text)) throw reader.syntaxError(-1);
  const op = token.text as Comparator;
  const right = reader.operand();
  if (op !== '=' && op !== '<>') {
    refuseOperandType(reader, op, subject);
    refuseOperandType(reader, op, right);
  }
  return { kind: 'compare', op, left: subject, right };
}

function primary(reader: ExpressionReader): Condition {
  if (reader.symbol('(')) {
    const inner = orCondition(reader);
    reader.expectSymbol(')');
    return inner;
  }
  const token = reader.peek();
  if (token?.kind === 'name' && reader.peek(1)?.text === '(') {
    return functionCondition(reader, token.text);
  }
  return comparison(reader);
}

function notCondition(reader: ExpressionReader): Condition {
  if (reader.keyword('not')) return { kind: 'not', condition: notCondition(reader) };
  return primary(reader);
}

function andCondition(reader: ExpressionReader): Condition {
  let left = notCondition(reader);
  while (reader.keyword('and')) left = { kind: 'and', left, right: notCondition(reader) };
  return left;
}

function orCondition(reader: ExpressionReader): Condition {
  let left = andCondition(reader);
  while (reader.keyword('or')) left = { kind: 'or', left, right: andCondition(reader) };
  return left;
}

/** Parses a condition (ConditionExpression, KeyConditionExpression, FilterExpression). */
export function parseCondition(
  expression: string,
  label: string,
  scope: ExpressionScope,
): Condition {
  const reader = new ExpressionReader(expression, label, scope);
  const condition = orCondition(reader);
  if (!reader.done()) throw reader.syntaxError();
  return condition;
}

function resolve(operand: Operand, item: Item | undefined): AttributeValue | undefined {
  return operand.kind === 'value' ? operand.value : item?.[operand.name];
}

function compare(op: Comparator, left?: AttributeValue, right?: AttributeValue): boolean {
  if (op === '<>') return !left || !right || !valuesEqual(left, right);
  if (!left || !right) return false;
  if (op === '=') return valuesEqual(left, right);
  const order = compareValues(left, right);
  if (order === undefined) return false;
  if (op === '<') return order < 0;
  if (op === '<=') return order <= 0;
  if (op === '>') return order > 0;
  return order >= 0;
}

function beginsWith(subject?: AttributeValue, prefix?: AttributeValue): boolean {
  if (subject?.S !== undefined && prefix?.S !== undefined) return subject.S.startsWith(prefix.S);
  if (subject?.B !== undefined && prefix?.B !== undefined) {
    return Buffer.from(subject.B).subarray(0, prefix.B.length).equals(Buffer.from(prefix.B));
  }
  return false;
}

/** Whether the item (undefined: there is none) meets the condition. */
export function evaluate(condition: Condition, item: Item | undefined): boolean {
  switch (condition.kind) {
    case 'compare':
      return compare(condition.op, resolve(condition.left, item), resolve(condition.right, item));
    case 'between': {
      const subject = resolve(condition.subject, item);
      return (
        compare('>=', subject, resolve(condition.low, item)) &&
        compare('<=', subject, resolve(condition.high, item))
      );
    }
    case 'in': {
      const subject = resolve(condition.subject, item);
      return condition.options.some((option) => compare('=', subject, resolve(option, item)));
    }
    case 'exists':
      return (item?.[condition.name] !== undefined) === condition.exists;
    case 'begins_with':
      return beginsWith(resolve(condition.subject, item), resolve(condition.prefix, item));
    case 'and':
      return evaluate(condition.left, item) && evaluate(condition.right, item);
    case 'or':
      return evaluate(condition.left, item) || evaluate(condition.right, item);
    case 'not':
      return !evaluate(condition.condition, item);
  }
}
