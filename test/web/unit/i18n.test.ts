import { describe, expect, it } from 'vitest';
import { en } from '../../../web/src/i18n-en.ts';
import {
  loadDictionary,
  loadLanguage,
  saveLanguage,
  translator,
  zhCN,
} from '../../../web/src/i18n.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the dictionary', () => {
  it('has every key in both languages, none empty, with the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    for (const [key, zh] of Object.entries(zhCN)) {
      const english = en[key as keyof typeof zhCN];
      expect(zh.trim(), key).not.toBe('');
      expect(english.trim(), key).not.toBe('');
      expect(placeholders(english), key).toEqual(placeholders(zh));
    }
  });

  it('is Chinese where Chinese is expected and English otherwise', () => {
    expect(zhCN['repay.submit']).toMatch(/[\u4e00-\u9fff]/);
    const chineseInEnglish = Object.entries(en).filter(([, text]) => /[\u4e00-\u9fff]/.test(text));
    expect(chineseInEnglish).toEqual([]);
  });

  it('fills placeholders and loads English only when asked', async () => {
    const t = translator(await loadDictionary('zh-CN'));
    expect(t('loan.overdueDays', { days: 12 })).toBe('逾期 12 天');
    const english = translator(await loadDictionary('en'));
    expect(english('loan.overdueDays', { days: 12 })).toBe('12 days overdue');
  });

  it('remembers the language, zh-CN unless English was chosen', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    expect(loadLanguage(storage)).toBe('zh-CN');
    saveLanguage(storage, 'en');
    expect(loadLanguage(storage)).toBe('en');
    store.set('huzhu.language', 'fr');
    expect(loadLanguage(storage)).toBe('zh-CN');
  });
});
