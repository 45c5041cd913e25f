/**
 * Query for the in-memory table: the key condition DynamoDB accepts (the partition key with
 * `=`, and optionally one sort-key condition: =, <, <=, >, >=, BETWEEN or begins_with), on
 * the table or a global index, in sort-key order (UTF-8 bytes), forwards or backwards, Limit
 * counted before the filter, ExclusiveStartKey and LastEvaluatedKey as DynamoDB gives them
 * (a page that stops at Limit has a LastEvaluatedKey even if nothing follows it). Pages are
 * never cut at 1 MB: the table is small.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  evaluate,
  ExpressionScope,
  parseCondition,
  type Condition,
  type Operand,
} from './memory-expressions.ts';
import { compareUtf8, validationError, type Item } from './memory-values.ts';
import { tableDefinition } from './table-definition.ts';

export interface IndexKeys {
  partitionKey: string;
  sortKey: string;
}

export interface QueryRequest {
  IndexName?: string;
  KeyConditionExpression?: string;
  FilterExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
  Limit?: number;
  ExclusiveStartKey?: Item;
  ScanIndexForward?: boolean;
  ConsistentRead?: boolean;
}

export interface QueryPage {
  Items: Item[];
  Count: number;
  ScannedCount: number;
  LastEvaluatedKey?: Item;
}

const tableKeys: IndexKeys = {
  partitionKey: tableDefinition.partitionKey,
  sortKey: tableDefinition.sortKey,
};

export function indexKeys(indexName: string | undefined): IndexKeys {
  if (indexName === undefined) return tableKeys;
  const index = tableDefinition.globalIndexes.find((candidate) => candidate.name === indexName);
  if (!index) throw validationError(`The table does not have the specified index: ${indexName}`);
  return index;
}

const unsupportedKeyCondition = () => validationError('Query key condition not supported');
const missedKeyElement = () => validationError('Query condition missed key schema element');

function keyValue(operand: Operand): string {
  if (operand.kind !== 'value') throw unsupportedKeyCondition();
  if (operand.value.S === undefined) {
    throw validationError(
      'One or more parameter values were invalid: Condition parameter type does not match schema type',
    );
  }
  return operand.value.S;
}

/** The sort-key attribute a condition tests and the values it tests it against. */
function sortKeyParts(condition: Condition): { subject: Operand; values: Operand[] } | undefined {
  switch (condition.kind) {
    case 'compare':
      return condition.op === '<>'
        ? undefined
        : { subject: condition.left, values: [condition.right] };
    case 'between':
      return { subject: condition.subject, values: [condition.low, condition.high] };
    case 'begins_with':
      return { subject: condition.subject, values: [condition.prefix] };
    default:
      return undefined;
  }
}

function isSortKeyCondition(condition: Condition, key: string): boolean {
  const parts = sortKeyParts(condition);
  if (!parts || parts.subject.kind !== 'path' || parts.subject.name !== key) return false;
  const [low, high] = parts.values.map(keyValue);
  if (condition.kind === 'between' && compareUtf8(low!, high!) > 0) {
    throw validationError(
      'Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound',
    );
  }
  return true;
}

/** The partition asked for and the sort-key condition, if the key condition is one DynamoDB takes. */
function keyConditionParts(
  condition: Condition,
  keys: IndexKeys,
): { partition: string; sort?: Condition } {
  const parts = condition.kind === 'and' ? [condition.left, condition.right] : [condition];
  const partition = parts.find(
    (part) =>
      part.kind === 'compare' &&
      part.op === '=' &&
      part.left.kind === 'path' &&
      part.left.name === keys.partitionKey,
  );
  if (!partition || partition.kind !== 'compare') {
    throw missedKeyElement();
  }
  const sort = parts.find((part) => part !== partition);
  if (sort && !isSortKeyCondition(sort, keys.sortKey)) {
    const namesSortKey = sortKeyParts(sort)?.subject;
    throw namesSortKey?.kind === 'path' && namesSortKey.name === keys.sortKey
      ? unsupportedKeyCondition()
      : missedKeyElement();
  }
  return { partition: keyValue(partition.right), sort };
}

/** Index order: the index's sort key, then the table's keys (unique, so the order is total). */
export function compareInIndex(keys: IndexKeys, a: Item, b: Item): number {
  return (
    compareUtf8(a[keys.sortKey]!.S!, b[keys.sortKey]!.S!) ||
    compareUtf8(a[tableKeys.partitionKey]!.S!, b[tableKeys.partitionKey]!.S!) ||
    compareUtf8(a[tableKeys.sortKey]!.S!, b[tableKeys.sortKey]!.S!)
  );
}

function keyOf(keys: IndexKeys, item: Item): Item {
  const names = new Set([
    tableKeys.partitionKey,
    tableKeys.sortKey,
    keys.partitionKey,
    keys.sortKey,
  ]);
  return Object.fromEntries([...names].map((name) => [name, item[name]!]));
}

function startKeyOf(keys: IndexKeys, start: Item | undefined, partition: string): Item | undefined {
  if (!start) return undefined;
  const names = Object.keys(keyOf(keys, start));
  const wellFormed =
    names.every((name) => start[name]?.S !== undefined) &&
    Object.keys(start).length === names.length &&
    start[keys.partitionKey]!.S === partition;
  if (!wellFormed) throw validationError('The provided starting key is invalid');
  return start;
}

/** Where the items a sort-key condition can match begin: its lower bound, if it has one. */
function lowerBound(
  sort: Condition | undefined,
): { value: string; inclusive: boolean } | undefined {
  const parts = sort && sortKeyParts(sort);
  if (!sort || !parts) return undefined;
  if (sort.kind === 'compare' && (sort.op === '<' || sort.op === '<=')) return undefined;
  const first = parts.values[0]!;
  const value = first.kind === 'value' ? first.value.S! : '';
  return { value, inclusive: !(sort.kind === 'compare' && sort.op === '>') };
}

/**
 * The items of a partition (in index order) that meet the sort-key condition: every such
 * condition matches one run of consecutive items, found by binary search from its lower bound.
 */
function inRange(sorted: Item[], sortKey: string, sort: Condition | undefined): Item[] {
  const bound = lowerBound(sort);
  let low = 0;
  let high = sorted.length;
  while (bound && low < high) {
    const middle = (low + high) >>> 1;
    const order = compareUtf8(sorted[middle]![sortKey]!.S!, bound.value);
    if (order > 0 || (order === 0 && bound.inclusive)) high = middle;
    else low = middle + 1;
  }
  let end = low;
  while (end < sorted.length && (!sort || evaluate(sort, sorted[end]))) end += 1;
  return sorted.slice(low, end);
}

/**
 * One page of a query; `sortedOf` gives the items of the partition asked for, in index order
 * (compareInIndex).
 */
export function queryPage(
  request: QueryRequest,
  sortedOf: (partition: string, keys: IndexKeys) => Item[],
): QueryPage {
  const scope = new ExpressionScope(
    request.ExpressionAttributeNames,
    request.ExpressionAttributeValues,
  );
  if (!request.KeyConditionExpression) {
    throw new Error('the in-memory table queries by KeyConditionExpression only');
  }
  const keyCondition = parseCondition(
    request.KeyConditionExpression,
    'KeyConditionExpression',
    scope,
  );
  const filter =
    request.FilterExpression !== undefined
      ? parseCondition(request.FilterExpression, 'FilterExpression', scope)
      : undefined;
  scope.assertAllUsed();
  const keys = indexKeys(request.IndexName);
  if (request.IndexName && request.ConsistentRead) {
    throw validationError('Consistent reads are not supported on global secondary indexes');
  }
  if (request.Limit !== undefined && !(Number.isInteger(request.Limit) && request.Limit >= 1)) {
    throw validationError(
      "1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  }
  const { partition, sort } = keyConditionParts(keyCondition, keys);
  const matching = inRange(sortedOf(partition, keys), keys.sortKey, sort);
  if (request.ScanIndexForward === false) matching.reverse();
  const start = startKeyOf(keys, request.ExclusiveStartKey, partition);
  const direction = request.ScanIndexForward === false ? -1 : 1;
  const after = start
    ? matching.filter((item) => direction * compareInIndex(keys, item, start) > 0)
    : matching;
  const limited = request.Limit !== undefined && after.length >= request.Limit;
  const scanned = limited ? after.slice(0, request.Limit) : after;
  const items = filter ? scanned.filter((item) => evaluate(filter, item)) : scanned;
  return {
    Items: items,
    Count: items.length,
    ScannedCount: scanned.length,
    ...(limited ? { LastEvaluatedKey: keyOf(keys, scanned[scanned.length - 1]!) } : {}),
  };
}
