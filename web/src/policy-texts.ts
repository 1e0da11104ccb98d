import { createContext, useContext, useEffect, useState } from 'react';
import type { PolicyText } from './api.ts';
import { api } from './api.ts';
import type { Locale } from './i18n.ts';

type Texts = Readonly<Record<string, PolicyText>>;
const NONE: Texts = {};

/**
 * The built-in policies' texts in the current language (`GET /api/governance/texts`),
 * by policy id; empty in English, where the policies' own texts are the English ones,
 * and for a mesh's own policies, whose words are shown as written.
 */
export const PolicyTextsContext = createContext<Texts>(NONE);

export function usePolicyTexts(): Texts {
  return useContext(PolicyTextsContext);
}

/**
 * Loads the texts of `locale` once per language; `null` until they are there, so the
 * app can wait rather than flash English titles. A failed load shows the English texts.
 */
export function useLoadPolicyTexts(locale: Locale, signedIn: boolean): Texts | null {
  const [loaded, setLoaded] = useState<{ locale: Locale; texts: Texts } | null>(null);
  useEffect(() => {
    if (locale === 'en' || !signedIn) return undefined;
    let current = true;
    api.policyTexts(locale).then(
      (answer) => {
        if (current) setLoaded({ locale, texts: answer.policies });
      },
      () => {
        if (current) setLoaded({ locale, texts: NONE });
      },
    );
    return () => {
      current = false;
    };
  }, [locale, signedIn]);
  if (locale === 'en' || !signedIn) return NONE;
  return loaded?.locale === locale ? loaded.texts : null;
}
