/**
 * The in-memory table's expression language on its own: what it decides, and that what it
 * does not understand throws instead of passing. Its agreement with DynamoDB is
 * test/functions/memory-table-conformance.test.ts.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  evaluate,
  ExpressionScope,
  parseCondition,
} from '../../../functions/store/memory-expressions.ts';
import { applyUpdate, parseUpdate } from '../../../functions/store/memory-update.ts';
import { canonicalNumber, compareUtf8, type Item } from '../../../functions/store/memory-values.ts';

const item: Item = {
  PK: { S: 'ASSOC#a' },
  SK: { S: 'ACCOUNT#1001' },
  balance: { N: '12.5' },
  status: { S: 'sending' },
  leaseUntil: { N: '1000' },
  tags: { SS: ['a', 'b'] },
};

function decide(
  expression: string,
  values: Record<string, AttributeValue> = {},
  names?: Record<string, string>,
  on: Item | 'none' = item,
): boolean {
  const scope = new ExpressionScope(names, Object.keys(values).length ? values : undefined);
  const condition = parseCondition(expression, 'ConditionExpression', scope);
  scope.assertAllUsed();
  return evaluate(condition, on === 'none' ? undefined : on);
}

describe('conditions', () => {
  it('compare numbers by value and never a number with a string', () => {
    expect(decide('balance = :v', { ':v': { N: '12.50' } })).toBe(true);
    expect(decide('balance >= :v', { ':v': { N: '12.51' } })).toBe(false);
    expect(decide('balance < :v', { ':v': { S: '13' } })).toBe(false);
    expect(decide('balance <> :v', { ':v': { S: '12.5' } })).toBe(true);
  });

  it('treat a missing attribute as DynamoDB does: false, except for <>', () => {
    expect(decide('nothing = :v', { ':v': { N: '1' } })).toBe(false);
    expect(decide('nothing < :v', { ':v': { N: '1' } })).toBe(false);
    expect(decide('nothing <> :v', { ':v': { N: '1' } })).toBe(true);
    expect(decide('attribute_not_exists(PK)', {}, undefined, 'none')).toBe(true);
    expect(decide('attribute_exists(PK)', {}, undefined, 'none')).toBe(false);
  });

  it('bind AND tighter than OR, NOT tighter than AND, and parentheses tightest', () => {
    const v = { ':a': { S: 'pending' }, ':b': { S: 'sending' }, ':now': { N: '2000' } };
    const names = { '#status': 'status' };
    expect(decide('#status = :a OR #status = :b AND leaseUntil < :now', v, names)).toBe(true);
    expect(decide('(#status = :a OR #status = :b) AND leaseUntil > :now', v, names)).toBe(false);
    expect(decide('NOT #status = :a AND leaseUntil < :now OR #status = :b', v, names)).toBe(true);
    expect(decide('NOT (#status = :b AND leaseUntil < :now) OR #status = :a', v, names)).toBe(
      false,
    );
  });

  it('decide BETWEEN, IN and begins_with', () => {
    expect(
      decide('balance BETWEEN :lo AND :hi', { ':lo': { N: '12.5' }, ':hi': { N: '13' } }),
    ).toBe(true);
    expect(
      decide('#s IN (:x, :y)', { ':x': { S: 'sent' }, ':y': { S: 'sending' } }, { '#s': 'status' }),
    ).toBe(true);
    expect(decide('begins_with(SK, :p)', { ':p': { S: 'ACCOUNT#' } })).toBe(true);
    expect(decide('begins_with(SK, :p)', { ':p': { S: 'MEMBER#' } })).toBe(false);
  });

  it('refuse what DynamoDB refuses before it reads an item', () => {
    const refused = (run: () => unknown) =>
      expect(run).toThrow(expect.objectContaining({ name: 'ValidationException' }));
    refused(() => decide('status = :v', { ':v': { S: 'x' } }));
    refused(() => decide('balance = :v'));
    refused(() => decide('#b = :v', { ':v': { N: '1' } }));
    refused(() => decide('balance = :v', { ':v': { N: '1' }, ':w': { N: '2' } }));
    refused(() => decide('balance = :v', { ':v': { N: '1' } }, { '#unused': 'x' }));
    refused(() => decide('balance < :v', { ':v': { BOOL: true } }));
    refused(() => decide('balance = :v AND', { ':v': { N: '1' } }));
    refused(() => decide('(balance = :v', { ':v': { N: '1' } }));
    refused(() => decide('balance == :v', { ':v': { N: '1' } }));
  });

  it('throw, never pass, on what the in-memory table does not understand', () => {
    for (const expression of [
      'size(tags) > :v',
      'contains(tags, :v)',
      'a.b = :v',
      'a[0] = :v',
      'attribute_type(balance, :v)',
    ]) {
      expect(() => decide(expression, { ':v': { N: '1' } }), expression).toThrow(
        /in-memory table does not support/,
      );
    }
  });
});

function updated(
  expression: string,
  values: Record<string, AttributeValue> = {},
  before: Item = item,
): Item {
  const scope = new ExpressionScope(undefined, Object.keys(values).length ? values : undefined);
  const actions = parseUpdate(expression, scope);
  scope.assertAllUsed();
  return applyUpdate(actions, before).after;
}

describe('updates', () => {
  it('add exactly, in decimals, and write numbers as DynamoDB stores them', () => {
    const after = updated('ADD balance :c SET leaseUntil = leaseUntil - :one', {
      ':c': { N: '-12.50' },
      ':one': { N: '1' },
    });
    expect(after.balance).toEqual({ N: '0' });
    expect(after.leaseUntil).toEqual({ N: '999' });
    expect(updated('ADD hits :c', { ':c': { N: '0.10' } }).hits).toEqual({ N: '0.1' });
  });

  it('read every operand from the item as it was before the update', () => {
    const after = updated('SET leaseUntil = :v, previous = leaseUntil', { ':v': { N: '5' } });
    expect(after.previous).toEqual({ N: '1000' });
  });

  it('keep an existing value under if_not_exists, append lists, union sets, remove', () => {
    const after = updated(
      'SET leaseUntil = if_not_exists(leaseUntil, :v), since = if_not_exists(since, :v), history = list_append(if_not_exists(history, :none), :entry) ADD tags :t REMOVE PKX, balance',
      {
        ':v': { N: '5' },
        ':none': { L: [] },
        ':entry': { L: [{ S: 'x' }] },
        ':t': { SS: ['b', 'c'] },
      },
    );
    expect(after).toMatchObject({
      leaseUntil: { N: '1000' },
      since: { N: '5' },
      history: { L: [{ S: 'x' }] },
      tags: { SS: ['a', 'b', 'c'] },
    });
    expect(after.balance).toBeUndefined();
  });

  it('refuse arithmetic on a missing or non-number attribute, and ADD of a string', () => {
    expect(() => updated('SET v = nothing + :one', { ':one': { N: '1' } })).toThrow(
      /does not exist in the item/,
    );
    expect(() => updated('SET v = #s + :one', { ':one': { N: '1' } })).toThrow(/not defined/);
    expect(() => updated('SET v = SK + :one', { ':one': { N: '1' } })).toThrow(
      /incorrect data type/,
    );
    expect(() => updated('ADD v :s', { ':s': { S: 'a' } })).toThrow(
      /operator: ADD, operand type: STRING/,
    );
  });

  it('throw on DELETE, which the store never sends', () => {
    expect(() => updated('DELETE tags :t', { ':t': { SS: ['a'] } })).toThrow(
      /does not support DELETE/,
    );
  });
});

describe('values', () => {
  it('are numbers as DynamoDB writes them back, within its 38 digits', () => {
    expect(canonicalNumber('1000.00')).toBe('1000');
    expect(canonicalNumber('-0.00')).toBe('0');
    expect(canonicalNumber('1.5E-3')).toBe('0.0015');
    expect(() => canonicalNumber('1'.repeat(39))).toThrow(/38 significant digits/);
    expect(() => canonicalNumber('abc')).toThrow(/numeric value/);
  });

  it('order strings by UTF-8 bytes, not UTF-16 units', () => {
    expect('\ud83d\ude00' < '\uff01').toBe(true); // what JS says
    expect(compareUtf8('\ud83d\ude00', '\uff01')).toBeGreaterThan(0); // what DynamoDB says
    expect(compareUtf8('JE#2026-01-02', 'JE#2026-01-10')).toBeLessThan(0);
    expect(compareUtf8('JE#', 'JE#2026')).toBeLessThan(0);
  });
});
