/**
 * Update expressions for the in-memory table: SET (a value, `a + b`, `a - b`,
 * if_not_exists, list_append), ADD (numbers and sets) and REMOVE, each clause at most once,
 * on top-level attributes. As in DynamoDB every operand is read from the item as it was
 * before the update, and an attribute named twice is refused. DELETE and nested paths throw.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  ExpressionReader,
  typeNames,
  type ExpressionScope,
  type Operand,
} from './memory-expressions.ts';
import { addNumbers, storedValue, typeOf, validationError, type Item } from './memory-values.ts';

type SetValue =
  | { kind: 'operand'; operand: Operand }
  | { kind: 'if_not_exists'; name: string; fallback: SetValue }
  | { kind: 'list_append'; first: SetValue; second: SetValue }
  | { kind: 'arithmetic'; sign: 1 | -1; left: SetValue; right: SetValue };

export type UpdateAction =
  | { kind: 'set'; name: string; value: SetValue }
  | { kind: 'add'; name: string; value: AttributeValue }
  | { kind: 'remove'; name: string };

const label = 'UpdateExpression';

function setOperand(reader: ExpressionReader): SetValue {
  const token = reader.peek();
  if (token?.kind === 'name' && reader.peek(1)?.text === '(') {
    reader.next();
    reader.expectSymbol('(');
    let value: SetValue;
    if (token.text === 'if_not_exists') {
      const name = reader.path();
      reader.expectSymbol(',');
      value = { kind: 'if_not_exists', name, fallback: setOperand(reader) };
    } else if (token.text === 'list_append') {
      const first = setOperand(reader);
      reader.expectSymbol(',');
      value = { kind: 'list_append', first, second: setOperand(reader) };
    } else throw reader.unsupported(`the function ${token.text}`);
    reader.expectSymbol(')');
    return value;
  }
  return { kind: 'operand', operand: reader.operand() };
}

function setValue(reader: ExpressionReader): SetValue {
  const left = setOperand(reader);
  if (reader.symbol('+')) return { kind: 'arithmetic', sign: 1, left, right: setOperand(reader) };
  if (reader.symbol('-')) return { kind: 'arithmetic', sign: -1, left, right: setOperand(reader) };
  return left;
}

function clauseActions(reader: ExpressionReader, clause: string): UpdateAction[] {
  const actions: UpdateAction[] = [];
  do {
    const name = reader.path();
    if (clause === 'set') {
      reader.expectSymbol('=');
      actions.push({ kind: 'set', name, value: setValue(reader) });
    } else if (clause === 'add') {
      const operand = reader.operand();
      if (operand.kind !== 'value') throw reader.syntaxError(-1);
      actions.push({ kind: 'add', name, value: operand.value });
    } else actions.push({ kind: 'remove', name });
  } while (reader.symbol(','));
  return actions;
}

/** Parses an UpdateExpression into its actions, refusing a clause twice or a name twice. */
export function parseUpdate(expression: string, scope: ExpressionScope): UpdateAction[] {
  const reader = new ExpressionReader(expression, label, scope);
  const actions: UpdateAction[] = [];
  const clauses = new Set<string>();
  while (!reader.done()) {
    const token = reader.next();
    const clause = token.kind === 'name' ? token.text.toLowerCase() : '';
    if (clause === 'delete') throw reader.unsupported('DELETE');
    if (!['set', 'add', 'remove'].includes(clause)) throw reader.syntaxError(-1);
    if (clauses.has(clause)) {
      throw validationError(
        `Invalid ${label}: The "${clause.toUpperCase()}" section can only be used once in an update expression;`,
      );
    }
    clauses.add(clause);
    actions.push(...clauseActions(reader, clause));
  }
  const names = actions.map((action) => action.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) {
    throw validationError(
      `Invalid ${label}: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [${twice}], path two: [${twice}]`,
    );
  }
  return actions;
}

const missingAttribute = () =>
  validationError('The provided expression refers to an attribute that does not exist in the item');
const wrongType = () =>
  validationError('An operand in the update expression has an incorrect data type');

function valueOf(value: SetValue, before: Item): AttributeValue {
  switch (value.kind) {
    case 'operand': {
      const found =
        value.operand.kind === 'value' ? value.operand.value : before[value.operand.name];
      if (!found) throw missingAttribute();
      return found;
    }
    case 'if_not_exists':
      return before[value.name] ?? valueOf(value.fallback, before);
    case 'list_append': {
      const first = valueOf(value.first, before);
      const second = valueOf(value.second, before);
      if (first.L === undefined || second.L === undefined) throw wrongType();
      return { L: [...first.L, ...second.L] };
    }
    case 'arithmetic': {
      const left = valueOf(value.left, before);
      const right = valueOf(value.right, before);
      if (left.N === undefined || right.N === undefined) throw wrongType();
      return { N: addNumbers(left.N, right.N, value.sign) };
    }
  }
}

function added(current: AttributeValue | undefined, value: AttributeValue): AttributeValue {
  const type = typeOf(value);
  if (type === 'N') {
    if (current === undefined) return value;
    if (current.N === undefined) throw wrongType();
    return { N: addNumbers(current.N, value.N!) };
  }
  if (type === 'SS' || type === 'NS') {
    if (current === undefined) return value;
    const members = type === 'SS' ? current.SS : current.NS;
    if (members === undefined) throw wrongType();
    const union = [...new Set([...members, ...(type === 'SS' ? value.SS! : value.NS!)])];
    return type === 'SS' ? { SS: union } : { NS: union };
  }
  throw validationError(
    `Invalid ${label}: Incorrect operand type for operator or function; operator: ADD, operand type: ${typeNames[type]}, typeSet: ALLOWED_FOR_ADD_OPERAND`,
  );
}

/**
 * The item after the actions, and the names they set or added (for ReturnValues
 * UPDATED_NEW). Every operand is read from `before`, which is left untouched.
 */
export function applyUpdate(
  actions: UpdateAction[],
  before: Item,
): { after: Item; updated: string[] } {
  const after: Item = { ...before };
  const updated: string[] = [];
  for (const action of actions) {
    if (action.kind === 'remove') {
      delete after[action.name];
      continue;
    }
    const value =
      action.kind === 'set'
        ? valueOf(action.value, before)
        : added(before[action.name], action.value);
    after[action.name] = storedValue(value);
    updated.push(action.name);
  }
  return { after, updated };
}
