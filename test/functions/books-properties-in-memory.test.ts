/**
 * The books' properties (books-model.ts) over many sequences, in-process: the real handlers
 * on the in-memory store (functions/store/memory-table.ts, held to DynamoDB's answers by
 * memory-table-conformance.test.ts), called with the events API Gateway would build. Every
 * sequence starts from the same prepared association (a copy of one seeded table), so runs
 * are independent and fast-check can shrink a failure to its smallest sequence; the ledger
 * invariants are checked after every step, and every accepted request is replayed.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentClient, Store } from '../../functions/store/client.ts';
import { MemoryTable } from '../../functions/store/memory-table.ts';
import { createAssociation, createFederation } from '../../functions/store/associations.ts';
import { demoAssociations, demoFederation } from '../../local/demo-federation.ts';
import { demoCapital } from '../../local/demo-households.ts';
import { lambdasFor } from '../../local/lambdas.ts';
import { inProcessApi } from '../support/in-process-api.ts';
import { Books, expectStatus } from './books-fixtures.ts';
import { prepareBooks, runBooksSequence, sequenceArbitrary, tally } from './books-model.ts';

const sequences = 500;
const seeded = new MemoryTable('books-properties-in-memory');
/** The table the handlers see now: the seeded one while preparing, then a copy per run. */
let current = seeded;
const store: Store = {
  tableName: seeded.tableName,
  db: { send: ((command: never) => current.send(command)) as DocumentClient['send'] },
};

describe(`${sequences} random sequences of book-keeping on one association, in-process`, () => {
  let books: Books;
  let prepared: MemoryTable;

  beforeAll(async () => {
    const association = demoAssociations.find((a) => a.id === 'zhuyang-10')!;
    await createFederation(store, demoFederation);
    await createAssociation(store, association);
    const api = await inProcessApi(lambdasFor(store));
    books = new Books(api, 'zhuyang-10', await api.login('treasurer-10'));
    for (const [kind, amount] of [
      ['fiscal', demoCapital.fiscalPerAssociation],
      ['special-support', demoCapital.specialSupportPerAssociation],
      ['donation', demoCapital.unexplainedPerAssociation],
    ] as const) {
      expectStatus(
        await books.capital({ kind, amount, channel: 'bank', on: demoCapital.bookedOn }),
        201,
      );
    }
    await prepareBooks(api, books);
    prepared = current.copy();
  });

  it('keep every invariant after each step, move what the rules say, and replay without effect', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(sequenceArbitrary, async (ops) => {
        runs += 1;
        current = prepared.copy();
        await runBooksSequence(books, ops, { run: String(runs), checkEachStep: true });
      }),
      { numRuns: sequences },
    );
    expect(runs).toBeGreaterThanOrEqual(sequences);
    expect(tally.accepted).toBeGreaterThan(sequences);
    expect(tally.refused).toBeGreaterThan(sequences / 10);
    // CPU-bound, about 25 s alone on this 2-core machine; room for a loaded one.
  }, 240_000);
});
