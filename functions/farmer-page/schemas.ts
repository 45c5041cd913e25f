/** The farmer page's path. Any text is accepted here: a malformed token answers the HTML 404. */
import { z } from 'zod';

export const farmerPagePath = z.object({
  token: z.string().max(200).describe('The capability token from the SMS'),
});
