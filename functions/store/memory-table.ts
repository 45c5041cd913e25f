/**
 * The store's table in memory: the same port as DynamoDB's document client (it answers the
 * commands the store sends: Get, BatchGet, Query, Put, Update, TransactWrite and the
 * seed's BatchWrite), with DynamoDB's semantics, so handlers run in-process without
 * DynamoDB Local (shared/DESIGN.md, Tests). Items are kept marshalled with the options the
 * real client uses and read back unmarshalled with wrapNumbers, so a handler sees the same
 * shapes as from DynamoDB. Reads are consistent. A transaction checks every condition
 * against the state before it and applies all or nothing, failing as the SDK fails
 * (TransactionCanceledException and its CancellationReasons). A command, parameter or
 * expression it does not know throws: it never answers something DynamoDB would not.
 * test/functions/memory-table-conformance.test.ts runs the same cases on both.
 */
import {
  ConditionalCheckFailedException,
  ResourceNotFoundException,
  TransactionCanceledException,
  type AttributeValue,
  type CancellationReason,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  NumberValue,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { marshallOptions, unmarshallOptions, type DocumentClient, type Store } from './client.ts';
import { evaluate, ExpressionScope, parseCondition, type Condition } from './memory-expressions.ts';
import { compareInIndex, queryPage, type IndexKeys, type QueryRequest } from './memory-query.ts';
import { applyUpdate, parseUpdate, type UpdateAction } from './memory-update.ts';
import { storedItem, validationError, type Item } from './memory-values.ts';
import { tableDefinition } from './table-definition.ts';

type Input = Record<string, unknown>;

/** One write, parsed and validated, not yet checked against the table. */
interface PreparedWrite {
  key: string;
  keyItem: Item;
  condition?: Condition;
  /** The item after the write (undefined: the write leaves none), from the item before it. */
  apply(before: Item | undefined): { after?: Item; updated: string[] };
}

const { partitionKey, sortKey } = tableDefinition;
const keyNames: string[] = [partitionKey, sortKey];
const indexKeyNames = tableDefinition.globalIndexes.flatMap((index) => [
  index.partitionKey,
  index.sortKey,
]);
/** The most items one TransactWriteItems may hold. */
const transactionLimit = 100;

function onlyParameters(input: Input, command: string, allowed: string[]): void {
  const unknown = Object.keys(input).filter(
    (name) => input[name] !== undefined && !allowed.includes(name),
  );
  if (unknown.length > 0) {
    throw new Error(`the in-memory table does not support ${command} with ${unknown.join(', ')}`);
  }
}

const toItem = (value: unknown): Item => marshall(value as Input, marshallOptions) as Item;
const toValues = (value: unknown): Record<string, AttributeValue> | undefined =>
  value === undefined ? undefined : toItem(value);
/** Each stored item as unmarshall gave it once; items are never changed in place. */
const unmarshalled = new WeakMap<Item, Input>();

/**
 * A fresh copy of a native value: every read hands out objects of its own, as DynamoDB's
 * client does, so a caller that changes what it read changes nothing stored. Copying the
 * value unmarshall gave once is eight times cheaper than unmarshalling again, and the
 * property runs read every journal entry after every step.
 */
function copied(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const kind = Object.getPrototypeOf(value);
  if (kind === Object.prototype) {
    const copy: Input = {};
    for (const name in value) copy[name] = copied((value as Input)[name]);
    return copy;
  }
  if (kind === NumberValue.prototype) return new NumberValue((value as NumberValue).value);
  if (Array.isArray(value)) return value.map(copied);
  if (value instanceof Set) return new Set([...value].map(copied));
  if (value instanceof Uint8Array) return new Uint8Array(value);
  throw new Error(`the in-memory table cannot copy ${String(value)}`);
}

function fromItem(item: Item): Input {
  let native = unmarshalled.get(item);
  if (!native) {
    native = unmarshall(item as never, unmarshallOptions);
    unmarshalled.set(item, native);
  }
  return copied(native) as Input;
}

function keyOf(item: Item): string {
  return `${item[partitionKey]!.S!}\u0000${item[sortKey]!.S!}`;
}

/** The Key of a Get, an Update or a ConditionCheck: exactly the table's keys, as strings. */
function validKey(key: Item): Item {
  const names = Object.keys(key);
  const matches =
    names.length === keyNames.length &&
    keyNames.every((name) => key[name]?.S !== undefined && key[name]!.S !== '');
  if (!matches) throw validationError('The provided key element does not match the schema');
  return key;
}

/** A whole item: its keys present and strings, index keys (when present) non-empty strings. */
function validItem(item: Item): Item {
  for (const name of keyNames) {
    const value = item[name];
    if (!value) throw validationError('One of the required keys was not given a value');
    if (value.S === undefined) {
      throw validationError('One or more parameter values were invalid: Type mismatch for key');
    }
    if (value.S === '') {
      throw validationError(
        `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: ${name}`,
      );
    }
  }
  for (const name of indexKeyNames) {
    const value = item[name];
    if (value === undefined) continue;
    if (value.S === undefined) {
      throw validationError(
        'One or more parameter values were invalid: Type mismatch for Index Key',
      );
    }
    if (value.S === '') {
      throw validationError(
        `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: ${tableDefinition.globalIndexes.find((i) => i.partitionKey === name || i.sortKey === name)!.name}, IndexKey: ${name}`,
      );
    }
  }
  return item;
}

function conditionOf(input: Input, scope: ExpressionScope): Condition | undefined {
  const expression = input.ConditionExpression;
  if (expression === undefined) return undefined;
  return parseCondition(String(expression), 'ConditionExpression', scope);
}

function scopeOf(input: Input): ExpressionScope {
  return new ExpressionScope(
    input.ExpressionAttributeNames as Record<string, string> | undefined,
    toValues(input.ExpressionAttributeValues),
  );
}

function preparePut(input: Input): PreparedWrite {
  const item = validItem(storedItem(toItem(input.Item)));
  const scope = scopeOf(input);
  const condition = conditionOf(input, scope);
  scope.assertAllUsed();
  return {
    key: keyOf(item),
    keyItem: item,
    condition,
    apply: () => ({ after: item, updated: Object.keys(item) }),
  };
}

function prepareUpdate(input: Input): PreparedWrite {
  const key = validKey(toItem(input.Key));
  const scope = scopeOf(input);
  if (input.UpdateExpression === undefined)
    throw new Error('the in-memory table updates by UpdateExpression only');
  const actions: UpdateAction[] = parseUpdate(String(input.UpdateExpression), scope);
  const condition = conditionOf(input, scope);
  scope.assertAllUsed();
  const keyAction = actions.find((action) => keyNames.includes(action.name));
  if (keyAction) {
    throw validationError(
      `One or more parameter values were invalid: Cannot update attribute ${keyAction.name}. This attribute is part of the key`,
    );
  }
  return {
    key: keyOf(key),
    keyItem: key,
    condition,
    apply: (before) => {
      const { after, updated } = applyUpdate(actions, before ?? key);
      return { after: validItem(after), updated };
    },
  };
}

function prepareConditionCheck(input: Input): PreparedWrite {
  const key = validKey(toItem(input.Key));
  const scope = scopeOf(input);
  const condition = conditionOf(input, scope);
  if (!condition) throw validationError('The ConditionExpression of a ConditionCheck is required');
  scope.assertAllUsed();
  return {
    key: keyOf(key),
    keyItem: key,
    condition,
    apply: (before) => ({ after: before, updated: [] }),
  };
}

/** Answers a single write's ReturnValues from the item before and after it. */
function returnValues(
  mode: unknown,
  before: Item | undefined,
  after: Item | undefined,
  updated: string[],
): Input | undefined {
  switch (mode ?? 'NONE') {
    case 'NONE':
      return undefined;
    case 'ALL_OLD':
      return before && fromItem(before);
    case 'ALL_NEW':
      return after && fromItem(after);
    case 'UPDATED_NEW':
      return after && fromItem(Object.fromEntries(updated.map((name) => [name, after[name]!])));
    default:
      throw new Error(`the in-memory table does not support ReturnValues ${String(mode)}`);
  }
}

function transactionCanceled(reasons: CancellationReason[]): Error {
  const codes = reasons.map((reason) => reason.Code).join(', ');
  return new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`,
    $metadata: {},
    CancellationReasons: reasons,
  });
}

/** The in-memory table: one DynamoDB table (tableDefinition's keys and indexes), in a Map. */
export class MemoryTable {
  readonly send: DocumentClient['send'];
  private items = new Map<string, Item>();
  private partitions = new Map<string, Set<string>>();
  /** Each partition's items in sort-key order, kept until the partition is written. */
  private sorted = new Map<string, Item[]>();

  constructor(readonly tableName: string) {
    this.send = ((command: unknown) => this.answer(command)) as DocumentClient['send'];
  }

  /** A second table holding what this one holds now; later writes to either stay apart. */
  copy(): MemoryTable {
    const copy = new MemoryTable(this.tableName);
    // Items are never changed in place (a write stores a new object), so they can be shared.
    copy.items = new Map(this.items);
    copy.partitions = new Map([...this.partitions].map(([pk, keys]) => [pk, new Set(keys)]));
    copy.sorted = new Map(this.sorted);
    return copy;
  }

  get size(): number {
    return this.items.size;
  }

  private async answer(command: unknown): Promise<Input> {
    const input = (command as { input?: Input }).input ?? {};
    if (command instanceof GetCommand) return this.get(input);
    if (command instanceof BatchGetCommand) return this.batchGet(input);
    if (command instanceof QueryCommand) return this.query(input);
    if (command instanceof PutCommand) return this.putOrUpdate(input, 'PutCommand');
    if (command instanceof UpdateCommand) return this.putOrUpdate(input, 'UpdateCommand');
    if (command instanceof TransactWriteCommand) return this.transactWrite(input);
    if (command instanceof BatchWriteCommand) return this.batchWrite(input);
    const name = (command as object | undefined)?.constructor?.name ?? typeof command;
    throw new Error(`the in-memory table does not answer ${name}`);
  }

  private table(name: unknown): void {
    if (name !== this.tableName) {
      throw new ResourceNotFoundException({
        message: 'Requested resource not found',
        $metadata: {},
      });
    }
  }

  private write(key: string, after: Item | undefined): void {
    const partition = key.slice(0, key.indexOf('\u0000'));
    this.sorted.delete(partition);
    if (after) {
      this.items.set(key, after);
      const keys = this.partitions.get(partition) ?? new Set<string>();
      keys.add(key);
      this.partitions.set(partition, keys);
    } else {
      this.items.delete(key);
      this.partitions.get(partition)?.delete(key);
    }
  }

  private get(input: Input): Input {
    onlyParameters(input, 'GetCommand', ['TableName', 'Key', 'ConsistentRead']);
    this.table(input.TableName);
    const item = this.items.get(keyOf(validKey(toItem(input.Key))));
    return { $metadata: {}, ...(item ? { Item: fromItem(item) } : {}) };
  }

  private batchGet(input: Input): Input {
    onlyParameters(input, 'BatchGetCommand', ['RequestItems']);
    const requests = Object.entries((input.RequestItems ?? {}) as Record<string, Input>);
    const responses: Record<string, Input[]> = {};
    let count = 0;
    for (const [tableName, request] of requests) {
      this.table(tableName);
      onlyParameters(request, 'BatchGetCommand', ['Keys', 'ConsistentRead']);
      const keys = ((request.Keys ?? []) as unknown[]).map((key) => keyOf(validKey(toItem(key))));
      count += keys.length;
      if (new Set(keys).size !== keys.length) {
        throw validationError('Provided list of item keys contains duplicates');
      }
      responses[tableName] = keys.flatMap((key) => {
        const item = this.items.get(key);
        return item ? [fromItem(item)] : [];
      });
    }
    if (count > 100) throw validationError('Too many items requested for the BatchGetItem call');
    return { $metadata: {}, Responses: responses, UnprocessedKeys: {} };
  }

  private query(input: Input): Input {
    onlyParameters(input, 'QueryCommand', [
      'TableName',
      'IndexName',
      'KeyConditionExpression',
      'FilterExpression',
      'ExpressionAttributeNames',
      'ExpressionAttributeValues',
      'Limit',
      'ExclusiveStartKey',
      'ScanIndexForward',
      'ConsistentRead',
    ]);
    this.table(input.TableName);
    const request = {
      ...input,
      ExpressionAttributeValues: toValues(input.ExpressionAttributeValues),
      ExclusiveStartKey: input.ExclusiveStartKey && toItem(input.ExclusiveStartKey),
    } as QueryRequest;
    const page = queryPage(request, (pk, keys) =>
      this.sortedPartition(pk, keys, request.IndexName),
    );
    return {
      $metadata: {},
      Items: page.Items.map(fromItem),
      Count: page.Count,
      ScannedCount: page.ScannedCount,
      ...(page.LastEvaluatedKey ? { LastEvaluatedKey: fromItem(page.LastEvaluatedKey) } : {}),
    };
  }

  /** The items of one partition of the table or of a global index, in index order. */
  private sortedPartition(pk: string, keys: IndexKeys, indexName?: string): Item[] {
    if (indexName !== undefined) {
      const inIndex = [...this.items.values()].filter(
        (item) => item[keys.partitionKey]?.S === pk && item[keys.sortKey]?.S !== undefined,
      );
      return inIndex.sort((a, b) => compareInIndex(keys, a, b));
    }
    let sorted = this.sorted.get(pk);
    if (!sorted) {
      sorted = [...(this.partitions.get(pk) ?? [])].map((key) => this.items.get(key)!);
      sorted.sort((a, b) => compareInIndex(keys, a, b));
      this.sorted.set(pk, sorted);
    }
    return sorted;
  }

  private putOrUpdate(input: Input, command: 'PutCommand' | 'UpdateCommand'): Input {
    const common = [
      'TableName',
      'ConditionExpression',
      'ExpressionAttributeNames',
      'ExpressionAttributeValues',
      'ReturnValues',
    ];
    onlyParameters(
      input,
      command,
      command === 'PutCommand' ? [...common, 'Item'] : [...common, 'Key', 'UpdateExpression'],
    );
    this.table(input.TableName);
    const write = command === 'PutCommand' ? preparePut(input) : prepareUpdate(input);
    const before = this.items.get(write.key);
    if (write.condition && !evaluate(write.condition, before)) {
      throw new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
      });
    }
    const { after, updated } = write.apply(before);
    this.write(write.key, after);
    const attributes = returnValues(input.ReturnValues, before, after, updated);
    return { $metadata: {}, ...(attributes ? { Attributes: attributes } : {}) };
  }

  private prepareTransactItem(entry: Input): PreparedWrite {
    const kinds = Object.keys(entry).filter((kind) => entry[kind] !== undefined);
    const kind = kinds[0];
    const input = (kind ? entry[kind] : {}) as Input;
    if (kinds.length !== 1)
      throw validationError('TransactItems can only contain one of Check, Put, Update or Delete');
    const common = [
      'TableName',
      'ConditionExpression',
      'ExpressionAttributeNames',
      'ExpressionAttributeValues',
    ];
    this.table(input.TableName);
    if (kind === 'Put') {
      onlyParameters(input, 'a transaction Put', [...common, 'Item']);
      return preparePut(input);
    }
    if (kind === 'Update') {
      onlyParameters(input, 'a transaction Update', [...common, 'Key', 'UpdateExpression']);
      return prepareUpdate(input);
    }
    if (kind === 'ConditionCheck') {
      onlyParameters(input, 'a transaction ConditionCheck', [...common, 'Key']);
      return prepareConditionCheck(input);
    }
    throw new Error(`the in-memory table does not support ${kind} in a transaction`);
  }

  private transactWrite(input: Input): Input {
    onlyParameters(input, 'TransactWriteCommand', ['TransactItems']);
    const entries = (input.TransactItems ?? []) as Input[];
    if (entries.length === 0) {
      throw validationError(
        "Value [] at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
    }
    if (entries.length > transactionLimit) {
      throw validationError(`Member must have length less than or equal to ${transactionLimit}`);
    }
    const writes = entries.map((entry) => this.prepareTransactItem(entry));
    if (new Set(writes.map((write) => write.key)).size !== writes.length) {
      throw validationError('Transaction request cannot include multiple operations on one item');
    }
    // Every condition against the table as it is before the transaction; then all or nothing.
    const befores = writes.map((write) => this.items.get(write.key));
    const reasons: CancellationReason[] = writes.map((write, i) =>
      write.condition && !evaluate(write.condition, befores[i])
        ? { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }
        : { Code: 'None' },
    );
    if (reasons.some((reason) => reason.Code !== 'None')) throw transactionCanceled(reasons);
    const afters = writes.map((write, i) => write.apply(befores[i]).after);
    writes.forEach((write, i) => this.write(write.key, afters[i]));
    return { $metadata: {} };
  }

  private batchWrite(input: Input): Input {
    onlyParameters(input, 'BatchWriteCommand', ['RequestItems']);
    const requests = Object.entries((input.RequestItems ?? {}) as Record<string, Input[]>);
    const puts: PreparedWrite[] = [];
    for (const [tableName, entries] of requests) {
      this.table(tableName);
      for (const entry of entries) {
        onlyParameters(entry, 'BatchWriteCommand', ['PutRequest']);
        const put = entry.PutRequest as Input;
        onlyParameters(put, 'a PutRequest', ['Item']);
        puts.push(preparePut({ Item: put.Item }));
      }
    }
    if (puts.length > 25) {
      throw validationError(
        "1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Member must have length less than or equal to 25",
      );
    }
    if (new Set(puts.map((put) => put.key)).size !== puts.length) {
      throw validationError('Provided list of item keys contains duplicates');
    }
    for (const put of puts) this.write(put.key, put.apply(undefined).after);
    return { $metadata: {}, UnprocessedItems: {} };
  }
}

/** A store on a fresh in-memory table. */
export function memoryStore(tableName = 'huzhu-memory'): Store & { db: MemoryTable } {
  return { db: new MemoryTable(tableName), tableName };
}
