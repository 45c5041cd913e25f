/** Request and response shapes of the association routes. */
import * as z from 'zod';
import { charterSchema } from '#domain/charter.ts';
import { slugId } from '#domain/formats.ts';

export const associationParams = z.strictObject({ aid: slugId });

export const associationView = z.object({
  id: z.string(),
  federationId: z.string(),
  name: z.string(),
  village: z.string(),
  foundedOn: z.string(),
  treasurerPhone: z.string(),
  charter: charterSchema,
  balances: z.array(
    z.object({
      account: z.string(),
      balance: z.string().describe('debit minus credit, "1234.50"'),
    }),
  ),
});
