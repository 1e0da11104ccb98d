import { useEffect, useState } from 'react';
import type { PolicyText } from './api.ts';
import { api } from './api.ts';
import { useI18n } from './i18n.ts';

type Texts = Readonly<Record<string, PolicyText>>;
const NONE: Texts = {};
const cache = new Map<string, Promise<Texts>>();

/**
 * The built-in policies' texts in the current language (`GET /api/governance/texts`),
 * by policy id; empty in English, where the policies' own texts are the English ones,
 * and for a mesh's own policies, whose words are shown as written. Loaded once per
 * language and page load.
 */
export function usePolicyTexts(): Texts {
  const { locale } = useI18n();
  const [texts, setTexts] = useState<Texts>(NONE);
  useEffect(() => {
    if (locale === 'en') {
      setTexts(NONE);
      return undefined;
    }
    let pending = cache.get(locale);
    if (!pending) {
      pending = api.policyTexts(locale).then(
        (answer) => answer.policies,
        () => {
          cache.delete(locale);
          return NONE;
        },
      );
      cache.set(locale, pending);
    }
    let current = true;
    void pending.then((loaded) => {
      if (current) setTexts(loaded);
    });
    return () => {
      current = false;
    };
  }, [locale]);
  return texts;
}
