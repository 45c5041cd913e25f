/** The Refusal a domain call throws; anything else (or nothing) fails the test. */
import { Refusal } from '#domain/refusal.ts';

export function refusalOf(run: () => unknown): Refusal {
  try {
    run();
  } catch (error) {
    if (error instanceof Refusal) return error;
    throw error;
  }
  throw new Error('expected a Refusal');
}
