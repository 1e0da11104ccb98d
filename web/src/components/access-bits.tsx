import type {
  AccessFinding,
  AccessRequest,
  AccessRequestState,
  ApproverRole,
  LegalBasis,
  LocalizedText,
  Principal,
  Purpose,
} from '../api.ts';
import type { Locale, Translate } from '../i18n.ts';
import { useI18n } from '../i18n.ts';
import { fillParams } from '../fill-params.ts';
import { usePolicyTexts } from '../policy-texts.ts';
import { SeverityBadge } from './badges.tsx';

/** A text of the mesh in the current language, else the other one, else the fallback. */
export function localized(text: LocalizedText, locale: Locale, fallback: string): string {
  return (locale === 'de' ? (text.de ?? text.en) : (text.en ?? text.de)) ?? fallback;
}

export function purposeTitle(purposes: readonly Purpose[], id: string, locale: Locale): string {
  const purpose = purposes.find((p) => p.id === id);
  return purpose ? localized(purpose.title, locale, id) : id;
}

export function legalBasisLabel(t: Translate, basis: LegalBasis | null): string {
  return basis === null ? t('legal_none') : t(`legal_${basis}`);
}

const STATE_TONE: Record<AccessRequestState, string> = {
  pending: 'warn',
  approved: 'info',
  rejected: 'bad',
  active: 'good',
  expired: 'muted',
  revoked: 'muted',
};

/** A request's or a grant's state, translated; `data-state` keeps the value for tests. */
export function AccessStateBadge({ state }: { state: AccessRequestState }) {
  const { t } = useI18n();
  return (
    <span className={`badge small tone-${STATE_TONE[state]}`} data-state={state}>
      {t(`state_${state}`)}
    </span>
  );
}

/** The roles still to approve a request: required at creation minus those given. */
export function missingApprovals(request: AccessRequest): ApproverRole[] {
  const given = new Set(request.approvals.map((a) => a.role));
  return request.requiredApprovals.filter((role) => !given.has(role));
}

export function ApprovalSummary({
  request,
  waiting = true,
}: {
  request: AccessRequest;
  /** Also say whose approval is awaited (false where the page shows it apart). */
  waiting?: boolean;
}) {
  const { t } = useI18n();
  const missing = missingApprovals(request);
  return (
    <span className="muted small" data-testid="approvals">
      {request.approvals.length > 0 ? (
        <span>
          {t('approvalsDone', {
            who: request.approvals.map((a) => `${a.by} (${t(`approver_${a.role}`)})`).join(', '),
          })}
        </span>
      ) : null}
      {waiting && request.state === 'pending' && missing.length > 0 ? (
        <span>
          {request.approvals.length > 0 ? ' · ' : ''}
          {t('approvalsPending', { who: missing.map((r) => t(`approver_${r}`)).join(', ') })}
        </span>
      ) : null}
      {request.rejection ? (
        <span>
          {t('rejectedBy', { who: request.rejection.by })}
          {request.rejection.comment ? (
            <span translate="no">: {request.rejection.comment}</span>
          ) : null}
        </span>
      ) : null}
    </span>
  );
}

/**
 * Policy findings of an access request. A built-in policy's finding speaks the portal's
 * language (its title and hint from the policy texts); a mesh's own policy its authors'.
 */
export function AccessFindings({
  findings,
  testId = 'access-findings',
}: {
  findings: readonly AccessFinding[];
  testId?: string;
}) {
  const texts = usePolicyTexts();
  if (findings.length === 0) return null;
  return (
    <ul className="access-findings" data-testid={testId}>
      {findings.map((f, i) => {
        const text = texts[f.policy];
        return (
          <li key={`${f.policy}:${i}`} data-severity={f.severity} data-policy={f.policy}>
            <SeverityBadge severity={f.severity} /> <code className="small">{f.policy}</code>{' '}
            {text ? (
              <>
                {text.title}
                <div className="muted small">{fillParams(text.hint, f.params)}</div>
              </>
            ) : (
              <span translate="no">{f.message}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

export function formatDate(iso: string | null, locale: Locale): string {
  if (!iso) return '–';
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleDateString(locale === 'de' ? 'de-DE' : 'en-GB', { timeZone: 'UTC' });
}

export function formatDateTime(iso: string, locale: Locale): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(locale === 'de' ? 'de-DE' : 'en-GB');
}

/** Who may revoke a grant, as far as the portal knows (the server decides): see SPEC-10. */
export function mayRevoke(
  user: Principal,
  producingDomain: string,
  consumerDomain: string,
): boolean {
  return (
    user.roles.includes('admin') ||
    user.roles.includes('governance') ||
    user.domains[producingDomain] === 'owner' ||
    user.domains[consumerDomain] === 'owner'
  );
}

/** Owners of any domain, the governance role and admins decide requests: they get the inbox. */
export function mayDecide(user: Principal): boolean {
  return (
    user.roles.includes('admin') ||
    user.roles.includes('governance') ||
    Object.values(user.domains).includes('owner')
  );
}
