/**
 * The farmer page's path. Any text is accepted here, of any length: a malformed token answers
 * the page's HTML 404 (store/loan-links.ts checks its form before any read), never JSON.
 */
import * as z from 'zod';

export const farmerPagePath = z.object({
  token: z.string().describe('The capability token from the SMS'),
});
