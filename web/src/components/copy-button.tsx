import { useEffect, useState } from 'react';
import { useI18n } from '../i18n.ts';

/**
 * Copies `text` to the clipboard. The Clipboard API needs a secure context (HTTPS or
 * localhost); a server on a plain-HTTP intranet address has none, so the old
 * select-and-copy path stays as the fallback.
 */
async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  try {
    document.execCommand('copy');
  } finally {
    area.remove();
  }
}

export function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return undefined;
    const timer = window.setTimeout(() => setCopied(false), 2000);
    return () => window.clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      className="button small copy-button"
      aria-label={`${t('copy')}: ${label}`}
      onClick={() => {
        void copyText(text).then(() => setCopied(true));
      }}
    >
      <span aria-live="polite">{copied ? t('copied') : t('copy')}</span>
    </button>
  );
}

/** A block of code to copy: the text and its copy button. */
export function Snippet({ title, text }: { title: string; text: string }) {
  return (
    <figure className="snippet" data-testid="snippet">
      <figcaption>
        <span>{title}</span>
        <CopyButton text={text} label={title} />
      </figcaption>
      <pre>
        <code>{text}</code>
      </pre>
    </figure>
  );
}
