import { describe, expect, it } from 'vitest';
import * as z from 'zod';

describe('validation messages', () => {
  it('are zh-CN once the HTTP pipeline is loaded, not by importing the formats', async () => {
    await import('../../../functions/http/area-handler.ts');
    const message = z.object({ name: z.string() }).safeParse({}).error?.issues[0]?.message;
    expect(message).toMatch(/[\u4e00-\u9fff]/);
  });
});
