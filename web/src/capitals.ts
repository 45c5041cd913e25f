/**
 * 大写 from the domain's own Money (decimal.js, no float on the way). A chunk of its own: the
 * console loads it when an amount is first typed or confirmed, so the first load stays small.
 */
import { Money } from '#domain/money.ts';

/** "1020.93" → "人民币壹仟零贰拾元玖角叁分". */
export const inCapitals = (text: string): string => `人民币${Money.of(text).toChineseCapital()}`;
