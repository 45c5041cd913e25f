/**
 * Properties of the books under random use (fast-check), end to end on DynamoDB Local
 * through the HTTP adapter: any sequence of enrolments, purchases, grants, withdrawals,
 * capital bookings and reversals on one association keeps every ledger invariant, moves
 * exactly the money a model of the rules predicts (refusals included), and replaying every
 * accepted request with its key changes nothing. A few sequences here; the many run
 * in-process on the in-memory store (books-properties-in-memory.test.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useLocalSystem } from '../support/local-system.ts';
import { Books } from './books-fixtures.ts';
import { prepareBooks, runBooksSequence, sequenceArbitrary, tally } from './books-model.ts';

const api = useLocalSystem({ seed: ['zhuyang-10'] });

describe('random sequences of book-keeping on one association', () => {
  it('keep the books balanced, move what the rules say, and replay without effect', async () => {
    const books = new Books(api, 'zhuyang-10', await api.login('treasurer-10'));
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(sequenceArbitrary, async (ops) => {
        runs += 1;
        // One association for every run: each starts from where the last one left it.
        await prepareBooks(api, books);
        await runBooksSequence(books, ops, { run: `${runs}-${Date.now()}`, checkEachStep: true });
      }),
      { numRuns: 4, endOnFailure: true },
    );
    // The runs exercised the rules.
    expect(tally.accepted).toBeGreaterThan(0);
  });
});
