import * as z from 'zod';

export const healthView = z.object({ status: z.literal('ok'), time: z.string() });
